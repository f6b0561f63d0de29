import { Inject, Injectable } from '@nestjs/common';
import { type Domain, type Incident, type SanitationCase } from '@cityops/contracts';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import {
  type LinkCandidate,
  boundingBox,
  caseLinkedNote,
  pickIncidentForCase,
  relatedDomains,
} from './cross-source.js';
import { type NewEvent, IncidentsRepository } from './incidents.repository.js';
import { IncidentsService } from './incidents.service.js';

/**
 * One record across sources: after a batch of sanitation cases is stored, each case of a related
 * category near an asset with an open incident of a related domain joins that incident's timeline
 * (`case_linked`). A case joins once, ever: replays and later updates of the case change nothing.
 */
@Injectable()
export class CaseLinkingService {
  constructor(
    private readonly incidents: IncidentsRepository,
    private readonly service: IncidentsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async linkCases(
    cases: readonly SanitationCase[],
  ): Promise<{ caseId: string; incidentId: string }[]> {
    const mapping = this.config.CROSS_SOURCE_DOMAINS;
    const radiusM = this.config.CROSS_SOURCE_RADIUS_M;
    const related = cases.filter((c) => relatedDomains(mapping, c.category).length > 0);
    const box = boundingBox(related, radiusM);
    if (!box) return [];
    const domains = [
      ...new Set(related.flatMap((c) => relatedDomains(mapping, c.category))),
    ] as Domain[];

    const { links, changed } = await this.incidents.db.transaction(async (tx) => {
      const already = await this.incidents.linkedCaseIds(
        tx,
        related.map((c) => c.id),
      );
      const pending = related.filter((c) => !already.has(c.id));
      if (pending.length === 0) return { links: [], changed: [] as Incident[] };
      const candidates: (LinkCandidate & { incident: Incident })[] = (
        await this.incidents.linkCandidates(tx, domains, box)
      )
        .filter((i) => i.location !== null)
        .map((incident) => ({
          id: incident.id,
          domain: incident.domain,
          severity: incident.severity,
          openedAt: Date.parse(incident.openedAt),
          location: incident.location!,
          incident,
        }));
      const chosen = pending.flatMap((c) => {
        const pick = pickIncidentForCase(c, candidates, mapping, radiusM);
        return pick
          ? [{ case: c, incident: pick.incident.incident, distanceM: pick.distanceM }]
          : [];
      });
      const made = await this.incidents.linkCases(
        tx,
        chosen.map((l) => ({
          caseId: l.case.id,
          incidentId: l.incident.id,
          distanceM: l.distanceM,
        })),
      );
      const madeIds = new Set(made.map((m) => m.caseId));
      const events: NewEvent[] = chosen
        .filter((l) => madeIds.has(l.case.id))
        .map((l) => ({
          incidentId: l.incident.id,
          // In event time: when the case was reported, but never before the incident opened.
          at: new Date(Math.max(l.case.reportedAt, Date.parse(l.incident.openedAt))),
          type: 'case_linked',
          actor: 'system',
          message: caseLinkedNote(l.case, l.distanceM),
          data: {
            caseId: l.case.id,
            category: l.case.category,
            source: l.case.source,
            description: l.case.description,
            distanceM: l.distanceM,
            reportedAt: new Date(l.case.reportedAt).toISOString(),
          },
        }));
      await this.incidents.addEvents(tx, events);
      const changed = await this.incidents.findMany(tx, [
        ...new Set(made.map((m) => m.incidentId)),
      ]);
      return { links: made, changed };
    });
    this.service.announceUpdated(changed);
    return links.map((l) => ({ caseId: l.caseId, incidentId: l.incidentId }));
  }
}
