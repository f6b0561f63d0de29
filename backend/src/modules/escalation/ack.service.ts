import { ConflictException, Injectable } from '@nestjs/common';
import type { Incident } from '@cityops/contracts';
import { IncidentsRepository } from '../incidents/incidents.repository.js';
import { IncidentsService } from '../incidents/incidents.service.js';
import { type AckClaims, verifyAckToken } from './ack-token.js';
import { EscalationRepository, type MemberRow } from './escalation.repository.js';
import { EscalationService, displayOf } from './escalation.service.js';

/** What the acknowledge page shows: an HTTP status and the page's parts. */
export type AckOutcome =
  | { kind: 'form'; status: 200; incident: Incident; recipient: string }
  | { kind: 'message'; status: number; heading: string; text: string; incident: Incident | null };

const message = (
  status: number,
  heading: string,
  text: string,
  incident: Incident | null = null,
): AckOutcome => ({ kind: 'message', status, heading, text, incident });

class LinkUsed extends Error {}

/**
 * Acknowledge links (docs/escalation.md): verifies a link (signature, expiry, not used), shows the
 * incident, and acknowledges it as the member the link was made for, marking the link used in the
 * same transaction. A link that does not work changes nothing.
 */
@Injectable()
export class AckService {
  constructor(
    private readonly escalation: EscalationService,
    private readonly repo: EscalationRepository,
    private readonly incidents: IncidentsService,
    private readonly incidentRows: IncidentsRepository,
  ) {}

  private async check(
    token: string,
  ): Promise<
    | { ok: true; claims: AckClaims; member: MemberRow; incident: Incident }
    | { ok: false; outcome: AckOutcome }
  > {
    const verdict = verifyAckToken(await this.escalation.appSecret(), token);
    if (!verdict.ok) {
      if (verdict.reason === 'malformed')
        return {
          ok: false,
          outcome: message(
            400,
            '链接无效 Invalid link',
            '这个链接不完整或格式不对。This link is incomplete or malformed.',
          ),
        };
      if (verdict.reason === 'forged')
        return {
          ok: false,
          outcome: message(
            403,
            '链接无效 Invalid link',
            '这个链接的签名不对，无法使用。This link is not genuine and does nothing.',
          ),
        };
      return {
        ok: false,
        outcome: message(
          410,
          '链接已过期 Link expired',
          '这个确认链接已过期，请在控制台确认。This acknowledge link has expired; acknowledge in the console.',
        ),
      };
    }
    const { claims } = verdict;
    if (await this.repo.linkUsed(claims.linkId))
      return {
        ok: false,
        outcome: message(
          410,
          '链接已使用 Link already used',
          '这个确认链接已经用过一次，不能再用。This acknowledge link was used already and works only once.',
        ),
      };
    const [incident, member] = await Promise.all([
      this.incidentRows.findById(claims.incidentId),
      this.repo.findMember(claims.memberId),
    ]);
    if (!incident)
      return {
        ok: false,
        outcome: message(
          404,
          '找不到事件 No such incident',
          '事件不存在。The incident does not exist.',
        ),
      };
    if (!member)
      return {
        ok: false,
        outcome: message(
          403,
          '链接无效 Invalid link',
          '链接的接收人已不在值班名单中。The recipient of this link is no longer an on-call member.',
        ),
      };
    return { ok: true, claims, member, incident };
  }

  private settled(incident: Incident): AckOutcome {
    const by =
      incident.status === 'acknowledged'
        ? '事件已被确认。The incident has been acknowledged already.'
        : '事件已解决。The incident has been resolved already.';
    return message(409, '无需确认 Nothing to acknowledge', by, incident);
  }

  /** GET: the page with the Acknowledge button (the link is not used by looking at it). */
  async show(token: string): Promise<AckOutcome> {
    const checked = await this.check(token);
    if (!checked.ok) return checked.outcome;
    if (checked.incident.status !== 'open') return this.settled(checked.incident);
    return {
      kind: 'form',
      status: 200,
      incident: checked.incident,
      recipient: displayOf(checked.member),
    };
  }

  /** POST: verifies again, then acknowledges as the member and uses the link, in one transaction. */
  async acknowledge(
    token: string,
    note: string | undefined,
    ip: string | null,
  ): Promise<AckOutcome> {
    const checked = await this.check(token);
    if (!checked.ok) return checked.outcome;
    const { claims, member } = checked;
    const actor = displayOf(member);
    let incident: Incident;
    try {
      incident = await this.incidents.acknowledge(claims.incidentId, actor, note, ip, {
        within: async (tx) => {
          if (!(await this.repo.useLink(tx, claims.linkId, claims.incidentId, claims.memberId)))
            throw new LinkUsed();
        },
        data: { via: 'link', memberId: member.id },
      });
    } catch (error) {
      if (error instanceof LinkUsed)
        return message(
          410,
          '链接已使用 Link already used',
          '这个确认链接已经用过一次，不能再用。This acknowledge link was used already and works only once.',
        );
      if (error instanceof ConflictException) {
        const current = await this.incidentRows.findById(claims.incidentId);
        return current ? this.settled(current) : message(404, '找不到事件 No such incident', '');
      }
      throw error;
    }
    return message(
      200,
      '已确认 Acknowledged',
      `已以 ${actor} 的身份确认。Acknowledged as ${actor}.`,
      incident,
    );
  }
}
