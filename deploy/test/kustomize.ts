import { dirname, join, relative } from 'node:path';
import { existsSync } from 'node:fs';
import { type Doc, ROOT, loadYaml, loadYamlDocs } from './repo.js';

/**
 * A small offline kustomize for this repository's own manifests (no kubectl on CI): resources
 * (files and directories with a kustomization.yaml), strategic-merge patches matched by kind and
 * name, namespace, labels, images and replicas. Anything else in a kustomization is refused, so a
 * feature these checks do not understand cannot pass unseen.
 */
export interface Resource extends Doc {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
}

const SUPPORTED = new Set([
  'apiVersion',
  'kind',
  'resources',
  'patches',
  'namespace',
  'labels',
  'images',
  'replicas',
]);

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Strategic merge as these manifests need it: maps merge, lists of named objects merge by name, other lists are replaced. */
export function strategicMerge(base: unknown, patch: unknown): unknown {
  if (isObj(base) && isObj(patch)) {
    const out: Obj = { ...base };
    for (const [k, v] of Object.entries(patch)) out[k] = k in base ? strategicMerge(base[k], v) : v;
    return out;
  }
  if (Array.isArray(base) && Array.isArray(patch) && patch.every((p) => isObj(p) && 'name' in p)) {
    const out = base.map((b) => structuredClone(b) as unknown);
    for (const p of patch as Obj[]) {
      const i = out.findIndex((b) => isObj(b) && b.name === p.name);
      if (i >= 0) out[i] = strategicMerge(out[i], p);
      else out.push(p);
    }
    return out;
  }
  return patch;
}

const POD_TEMPLATE_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job']);

export function build(dir: string): Resource[] {
  const file = join(dir, 'kustomization.yaml');
  if (!existsSync(file)) throw new Error(`${relative(ROOT, dir)} has no kustomization.yaml`);
  const k = loadYaml(file);
  const where = relative(ROOT, file);
  for (const key of Object.keys(k))
    if (!SUPPORTED.has(key)) throw new Error(`${where}: "${key}" is not understood by this check`);
  if (k.kind !== 'Kustomization') throw new Error(`${where}: kind must be Kustomization`);

  let out: Resource[] = [];
  for (const entry of (k.resources ?? []) as string[]) {
    const path = join(dir, entry);
    if (!existsSync(path)) throw new Error(`${where}: resource ${entry} does not exist`);
    out.push(
      ...(existsSync(join(path, 'kustomization.yaml'))
        ? build(path)
        : (loadYamlDocs(path) as Resource[])),
    );
  }
  const key = (r: Resource) => `${r.kind}/${r.metadata?.name}`;
  const seen = new Set<string>();
  for (const r of out) {
    if (seen.has(key(r))) throw new Error(`${where}: ${key(r)} is defined twice`);
    seen.add(key(r));
  }

  for (const entry of (k.patches ?? []) as { path?: string; target?: unknown }[]) {
    if (!entry.path || entry.target)
      throw new Error(`${where}: only strategic-merge patches by path are understood`);
    for (const patch of loadYamlDocs(join(dir, entry.path)) as Resource[]) {
      const i = out.findIndex((r) => key(r) === key(patch));
      if (i < 0) throw new Error(`${where}: patch ${entry.path} targets missing ${key(patch)}`);
      out[i] = strategicMerge(out[i], patch) as Resource;
    }
  }

  for (const { pairs, includeSelectors, includeTemplates } of (k.labels ?? []) as {
    pairs: Record<string, string>;
    includeSelectors?: boolean;
    includeTemplates?: boolean;
  }[]) {
    out = out.map((r) => {
      const copy = structuredClone(r);
      copy.metadata.labels = { ...copy.metadata.labels, ...pairs };
      const spec = copy.spec as Obj | undefined;
      if (spec && POD_TEMPLATE_KINDS.has(copy.kind)) {
        const template = spec.template as { metadata?: { labels?: Obj } };
        if (includeTemplates || includeSelectors)
          template.metadata = {
            ...template.metadata,
            labels: { ...template.metadata?.labels, ...pairs },
          };
        if (includeSelectors) {
          const selector = spec.selector as { matchLabels?: Obj };
          selector.matchLabels = { ...selector.matchLabels, ...pairs };
        }
      }
      if (includeSelectors && copy.kind === 'Service') {
        const s = copy.spec as Obj;
        s.selector = { ...(s.selector as Obj), ...pairs };
      }
      return copy;
    });
  }

  for (const { name, count } of (k.replicas ?? []) as { name: string; count: number }[]) {
    const target = out.find((r) => POD_TEMPLATE_KINDS.has(r.kind) && r.metadata.name === name);
    if (!target) throw new Error(`${where}: replicas for missing ${name}`);
    (target.spec as Obj).replicas = count;
  }

  for (const { name, newName, newTag } of (k.images ?? []) as {
    name: string;
    newName?: string;
    newTag?: string;
  }[]) {
    for (const r of out) {
      for (const c of containersOf(r)) {
        const [image, tag] = splitImage(c.image);
        if (image !== name) continue;
        c.image = `${newName ?? image}${(newTag ?? tag) ? `:${newTag ?? tag}` : ''}`;
      }
    }
  }

  if (typeof k.namespace === 'string')
    out = out.map((r) => ({ ...r, metadata: { ...r.metadata, namespace: k.namespace as string } }));
  return out;
}

export function splitImage(image: string): [string, string | undefined] {
  const m = /^(.*?)(?::([\w.-]+))?$/.exec(image)!;
  return [m[1]!, m[2]];
}

export interface Container extends Obj {
  name: string;
  image: string;
}

export function podSpecOf(r: Resource): Obj | null {
  if (!POD_TEMPLATE_KINDS.has(r.kind)) return null;
  return ((r.spec as Obj).template as Obj).spec as Obj;
}

export function containersOf(r: Resource): Container[] {
  const spec = podSpecOf(r);
  if (!spec) return [];
  return [
    ...((spec.initContainers ?? []) as Container[]),
    ...((spec.containers ?? []) as Container[]),
  ];
}

export const dirOf = (file: string) => dirname(file);
