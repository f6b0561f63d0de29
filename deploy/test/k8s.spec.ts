import { describe, expect, it } from 'vitest';
import { QueueName } from '@cityops/contracts';
import { SOURCE_KINDS } from '../../collectors/src/sources/source-settings.js';
import { parseByteSize } from '../../collectors/src/sink/sink-settings.js';
import { BACKEND_ENV, COLLECTOR_ENV } from './app-env.js';
import {
  type Container,
  type Resource,
  build,
  containersOf,
  podSpecOf,
  splitImage,
} from './kustomize.js';
import { looksLikeRealSecret, repoPath, urlPassword } from './repo.js';

type Obj = Record<string, unknown>;

/** apiVersion of every kind these manifests may use (current, non-deprecated APIs). */
const KNOWN_KINDS: Record<string, string> = {
  Deployment: 'apps/v1',
  StatefulSet: 'apps/v1',
  Service: 'v1',
  ConfigMap: 'v1',
  Secret: 'v1',
  PersistentVolumeClaim: 'v1',
  HorizontalPodAutoscaler: 'autoscaling/v2',
  PodDisruptionBudget: 'policy/v1',
};

const KUSTOMIZATIONS = [
  'deploy/k8s/base',
  'deploy/k8s/overlays/staging',
  'deploy/k8s/overlays/production',
];

/** Which app an image runs, to know which variables it reads. */
function appEnvOf(c: Container): ReadonlySet<string> {
  const [image] = splitImage(c.image);
  if (image.endsWith('cityops/api')) return BACKEND_ENV;
  if (image.endsWith('cityops/collectors')) return COLLECTOR_ENV;
  throw new Error(`container ${c.name}: unknown image ${c.image}`);
}

const find = (all: Resource[], kind: string, name: string) =>
  all.find((r) => r.kind === kind && r.metadata.name === name);

const matches = (selector: Obj, labels: Obj | undefined) =>
  Object.entries(selector).every(([k, v]) => labels?.[k] === v);

const templateLabels = (r: Resource) =>
  (((r.spec as Obj).template as Obj).metadata as { labels?: Obj }).labels;

/** Every variable a container gets, with where it comes from. */
function envOf(c: Container, all: Resource[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const from of (c.envFrom ?? []) as {
    configMapRef?: { name: string };
    secretRef?: { name: string };
  }[]) {
    const ref = from.configMapRef ?? from.secretRef;
    const kind = from.configMapRef ? 'ConfigMap' : 'Secret';
    const source = find(all, kind, ref!.name);
    expect(source, `${c.name}: envFrom ${kind} ${ref!.name} exists`).toBeDefined();
    const data = { ...(source!.data as Obj), ...(source!.stringData as Obj) };
    for (const [k, v] of Object.entries(data)) out.set(k, String(v));
  }
  for (const e of (c.env ?? []) as { name: string; value?: string; valueFrom?: Obj }[]) {
    const ref = (e.valueFrom?.secretKeyRef ?? e.valueFrom?.configMapKeyRef) as
      { name: string; key: string } | undefined;
    if (ref) {
      const kind = e.valueFrom?.secretKeyRef ? 'Secret' : 'ConfigMap';
      const source = find(all, kind, ref.name);
      expect(source, `${c.name}: ${e.name} from ${kind} ${ref.name}`).toBeDefined();
      const data = { ...(source!.data as Obj), ...(source!.stringData as Obj) };
      expect(
        Object.keys(data),
        `${c.name}: ${e.name} from ${kind} ${ref.name} key ${ref.key}`,
      ).toContain(ref.key);
      out.set(e.name, String(data[ref.key]));
    } else {
      expect(e.value, `${c.name}: ${e.name} has a value`).toBeDefined();
      out.set(e.name, e.value!);
    }
  }
  return out;
}

function quantityBytes(q: string): number {
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(q);
  if (!m) throw new Error(`cannot read quantity ${q}`);
  const unit = {
    Ki: 2 ** 10,
    Mi: 2 ** 20,
    Gi: 2 ** 30,
    Ti: 2 ** 40,
    k: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
  };
  return Number(m[1]) * (m[2] ? unit[m[2] as keyof typeof unit] : 1);
}

describe.each(KUSTOMIZATIONS)('%s', (dir) => {
  const all = build(repoPath(dir));
  const deployments = all.filter((r) => r.kind === 'Deployment');
  /** Everything that runs pods: the Deployments and the collectors' StatefulSets. */
  const workloads = all.filter((r) => r.kind === 'Deployment' || r.kind === 'StatefulSet');

  it('has only known kinds, each with its apiVersion and a name', () => {
    expect(all.length).toBeGreaterThan(0);
    for (const r of all) {
      expect(Object.keys(KNOWN_KINDS), `${r.kind} ${r.metadata?.name}`).toContain(r.kind);
      expect(r.apiVersion, `${r.kind}/${r.metadata.name}`).toBe(KNOWN_KINDS[r.kind]);
      expect(r.metadata.name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
      if (!dir.endsWith('base')) expect(r.metadata.namespace, r.metadata.name).toBeDefined();
    }
  });

  it('selects its own pods in every Deployment and StatefulSet', () => {
    for (const d of workloads) {
      const selector = ((d.spec as Obj).selector as { matchLabels: Obj }).matchLabels;
      expect(Object.keys(selector).length, d.metadata.name).toBeGreaterThan(0);
      expect(matches(selector, templateLabels(d)), `${d.metadata.name} selector`).toBe(true);
    }
  });

  it('gives every container an image, resources, a non-root security context and probes', () => {
    for (const d of workloads) {
      const pod = podSpecOf(d)!;
      const podSecurity = (pod.securityContext ?? {}) as Obj;
      for (const c of containersOf(d)) {
        const where = `${d.metadata.name}/${c.name}`;
        expect(c.image, where).toMatch(/^[a-z0-9./-]+(:[\w.-]+)?$/);
        const resources = c.resources as { requests?: Obj; limits?: Obj } | undefined;
        for (const r of ['cpu', 'memory']) {
          expect(resources?.requests?.[r], `${where} requests.${r}`).toBeDefined();
          expect(resources?.limits?.[r], `${where} limits.${r}`).toBeDefined();
        }
        const security = { ...podSecurity, ...(c.securityContext as Obj) };
        expect(security.runAsNonRoot, `${where} runAsNonRoot`).toBe(true);
        expect(security.allowPrivilegeEscalation, `${where} allowPrivilegeEscalation`).toBe(false);
        expect(c.livenessProbe, `${where} livenessProbe`).toBeDefined();
        expect(c.readinessProbe, `${where} readinessProbe`).toBeDefined();
        // Probes name ports the container declares.
        const ports = ((c.ports ?? []) as { name?: string; containerPort: number }[]).flatMap(
          (p) => [p.name, p.containerPort],
        );
        for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
          const p = c[probe] as
            { httpGet?: { port: unknown }; tcpSocket?: { port: unknown } } | undefined;
          const port = p?.httpGet?.port ?? p?.tcpSocket?.port;
          if (p) expect(ports, `${where} ${probe} port ${String(port)}`).toContain(port);
        }
      }
    }
  });

  it('probes the API on /api/health (liveness) and /api/health/ready (readiness)', () => {
    const api = containersOf(find(all, 'Deployment', 'cityops-api')!)[0]!;
    expect((api.livenessProbe as { httpGet: { path: string } }).httpGet.path).toBe('/api/health');
    expect((api.readinessProbe as { httpGet: { path: string } }).httpGet.path).toBe(
      '/api/health/ready',
    );
    expect(api.command).toEqual(['node', 'dist/main.js']);
  });

  it('takes env only from ConfigMap and Secret keys that exist, and only variables the apps read', () => {
    for (const d of workloads)
      for (const c of containersOf(d)) {
        const env = envOf(c, all);
        const known = appEnvOf(c);
        for (const key of env.keys())
          expect(known.has(key), `${d.metadata.name}: ${key} is not read by the app`).toBe(true);
      }
  });

  it('runs workers per queue family that together consume every queue', () => {
    const workers = deployments.filter(
      (d) => containersOf(d)[0]!.command?.toString() === 'node,dist/worker.js',
    );
    expect(workers.length).toBeGreaterThan(1);
    const consumed = new Set<string>();
    for (const w of workers) {
      const env = envOf(containersOf(w)[0]!, all);
      const queues = (env.get('WORKER_QUEUES') ?? '').split(',').filter(Boolean);
      expect(queues.length, `${w.metadata.name} WORKER_QUEUES`).toBeGreaterThan(0);
      for (const q of queues) {
        expect(Object.values(QueueName), `${w.metadata.name}: ${q}`).toContain(q);
        consumed.add(q);
      }
      const metricsPort = Number(env.get('WORKER_METRICS_PORT'));
      expect(metricsPort, `${w.metadata.name} WORKER_METRICS_PORT`).toBeGreaterThan(0);
      const ports = (containersOf(w)[0]!.ports as { containerPort: number }[]).map(
        (p) => p.containerPort,
      );
      expect(ports).toContain(metricsPort);
      expect(env.get('DATABASE_URL'), `${w.metadata.name} needs DATABASE_URL`).toBeTruthy();
    }
    expect([...consumed].sort()).toEqual(Object.values(QueueName).sort());
  });

  it('scales workers with HPAs that target existing Deployments', () => {
    const hpas = all.filter((r) => r.kind === 'HorizontalPodAutoscaler');
    expect(hpas.length).toBeGreaterThan(0);
    for (const h of hpas) {
      const spec = h.spec as {
        scaleTargetRef: { kind: string; name: string; apiVersion: string };
        minReplicas: number;
        maxReplicas: number;
        metrics: unknown[];
      };
      expect(spec.scaleTargetRef.kind).toBe('Deployment');
      expect(spec.scaleTargetRef.apiVersion).toBe('apps/v1');
      expect(
        find(all, 'Deployment', spec.scaleTargetRef.name),
        `${h.metadata.name} target`,
      ).toBeDefined();
      expect(spec.minReplicas).toBeGreaterThanOrEqual(1);
      expect(spec.maxReplicas).toBeGreaterThanOrEqual(spec.minReplicas);
      expect(spec.metrics.length).toBeGreaterThan(0);
    }
  });

  it('runs every source as a StatefulSet of two pods under the lease (active + standby), each pod with its own volume big enough for the spool', () => {
    const isCollector = (d: Resource) =>
      splitImage(containersOf(d)[0]!.image)[0].endsWith('cityops/collectors');
    expect(deployments.filter(isCollector), 'collectors run as StatefulSets').toEqual([]);
    const collectors = workloads.filter(isCollector);
    const sources: string[] = [];
    for (const d of collectors) {
      const name = d.metadata.name;
      expect(d.kind, name).toBe('StatefulSet');
      const spec = d.spec as {
        replicas: number;
        serviceName: string;
        volumeClaimTemplates: {
          metadata: { name: string };
          spec: { accessModes: string[]; resources: { requests: { storage: string } } };
        }[];
      };
      expect(spec.replicas, `${name}: active + standby`).toBe(2);
      // The governing Service exists, is headless and selects these pods.
      const service = find(all, 'Service', spec.serviceName);
      expect(service, `${name}: serviceName ${spec.serviceName}`).toBeDefined();
      expect((service!.spec as { clusterIP?: string }).clusterIP).toBe('None');
      expect(matches((service!.spec as { selector: Obj }).selector, templateLabels(d))).toBe(true);

      const env = envOf(containersOf(d)[0]!, all);
      expect(['true', '1', undefined], `${name}: COLLECTOR_LEASE_ENABLED`).toContain(
        env.get('COLLECTOR_LEASE_ENABLED'),
      );
      // One fixed id for both pods would make both the lease holder; the pod name is the default.
      expect(env.has('COLLECTOR_INSTANCE_ID'), `${name}: no shared COLLECTOR_INSTANCE_ID`).toBe(
        false,
      );
      const mine = env.get('SOURCES')!.split(',');
      expect(mine.length, `${name} runs one source`).toBe(1);
      sources.push(...mine);

      // The state directory is on the pod's own ReadWriteOnce volume, larger than the spool bound.
      const c = containersOf(d)[0]!;
      const mounts = c.volumeMounts as { name: string; mountPath: string }[];
      const mountOf = (dir: string) => mounts.find((m) => dir.startsWith(m.mountPath));
      const stateDir = env.get('COLLECTOR_STATE_DIR')!;
      const mount = mountOf(stateDir);
      expect(mount, `${name}: ${stateDir} is mounted`).toBeDefined();
      const template = spec.volumeClaimTemplates.find((t) => t.metadata.name === mount!.name);
      expect(template, `${name}: state from a volumeClaimTemplate`).toBeDefined();
      expect(template!.spec.accessModes).toEqual(['ReadWriteOnce']);
      const size = quantityBytes(template!.spec.resources.requests.storage);
      const spool = parseByteSize(env.get('SPOOL_MAX_BYTES') ?? '1GiB')!;
      expect(spool, `${name}: SPOOL_MAX_BYTES below the volume`).toBeLessThan(size);

      // Both pods of the drop source read one folder: a ReadWriteMany claim, not the pod's state.
      if (mine[0] === 'sanitation-drop') {
        const dropMount = mountOf(env.get('SANITATION_DROP_DIR')!);
        expect(dropMount?.name, `${name}: drop folder apart from the state`).not.toBe(mount!.name);
        const volume = (
          podSpecOf(d)!.volumes as { name: string; persistentVolumeClaim?: { claimName: string } }[]
        ).find((v) => v.name === dropMount!.name);
        const claim = find(
          all,
          'PersistentVolumeClaim',
          volume?.persistentVolumeClaim?.claimName ?? '',
        );
        expect(claim, `${name}: drop folder on a PVC`).toBeDefined();
        expect((claim!.spec as { accessModes: string[] }).accessModes).toEqual(['ReadWriteMany']);
      }
    }
    expect(sources.sort()).toEqual([...SOURCE_KINDS].sort());
  });

  it('has Services and PodDisruptionBudgets that select existing pods', () => {
    for (const r of all.filter((r) => r.kind === 'Service' || r.kind === 'PodDisruptionBudget')) {
      const spec = r.spec as {
        selector: Obj & { matchLabels?: Obj };
        ports?: { targetPort: unknown }[];
      };
      const selector = r.kind === 'Service' ? spec.selector : spec.selector.matchLabels!;
      const targets = workloads.filter((d) => matches(selector, templateLabels(d)));
      expect(targets.length, `${r.kind}/${r.metadata.name} selects pods`).toBeGreaterThan(0);
      for (const p of spec.ports ?? []) {
        const ports = targets.flatMap((d) =>
          containersOf(d).flatMap((c) =>
            ((c.ports ?? []) as { name?: string; containerPort: number }[]).flatMap((x) => [
              x.name,
              x.containerPort,
            ]),
          ),
        );
        expect(ports, `${r.metadata.name} targetPort ${String(p.targetPort)}`).toContain(
          p.targetPort,
        );
      }
    }
  });

  it('keeps only placeholders in Secrets and ConfigMaps', () => {
    for (const r of all.filter((r) => r.kind === 'Secret' || r.kind === 'ConfigMap')) {
      expect(
        r.data === undefined || r.kind === 'ConfigMap',
        `${r.metadata.name}: use stringData`,
      ).toBe(true);
      for (const [key, value] of Object.entries({ ...(r.data as Obj), ...(r.stringData as Obj) })) {
        const text = String(value);
        const password = urlPassword(text);
        if (password !== null)
          expect(looksLikeRealSecret(password), `${r.metadata.name} ${key}`).toBe(false);
        if (/PASSWORD|SECRET|TOKEN|_AUTH$/.test(key))
          expect(looksLikeRealSecret(text), `${r.metadata.name} ${key}`).toBe(false);
      }
    }
  });
});
