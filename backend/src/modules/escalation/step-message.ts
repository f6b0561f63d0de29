import { quietUntilText } from '../oncall/quiet-hours.js';
import type { MemberRow } from './escalation.repository.js';

/** Whom a step pages, and how they were found ("named", "on call <schedule>"). */
export interface Recipient {
  member: MemberRow;
  via: string;
}

/** A recipient not paged: their quiet hours hold the incident's severity until `until`. */
export interface Held extends Recipient {
  until: Date;
  /** The team's zone, in which `until` is told. */
  timeZone: string;
}

/**
 * The step's timeline message: who was paged (and how found), who was not because of quiet hours
 * (until when, local time), and when nobody was paged because everyone is in quiet hours, what
 * comes next.
 */
export function stepMessage(
  job: { round: number; step: number },
  paged: readonly Recipient[],
  held: readonly Held[],
  next: { round: number; step: number; afterMinutes: number } | null,
  at: Date,
): string {
  const label = (s: { round: number; step: number }) =>
    `step ${s.step + 1}${s.round ? ` (round ${s.round + 1})` : ''}`;
  const pagedText = paged.map((r) => `${displayOf(r.member)} (${r.via})`).join(', ');
  const heldText = held
    .map(
      (h) =>
        `${displayOf(h.member)} (quiet hours until ${quietUntilText(h.until, at, h.timeZone)})`,
    )
    .join(', ');
  let who: string;
  if (paged.length) who = held.length ? `${pagedText}; not paged: ${heldText}` : pagedText;
  else if (!held.length) who = 'nobody (no one on call, no usable member)';
  else {
    const then = !next
      ? 'this was the last step'
      : `${label(next)} follows ${next.afterMinutes ? `in ${next.afterMinutes} min` : 'at once'}`;
    who = `nobody, everyone is in quiet hours: ${heldText}; ${then}`;
  }
  return job.round === 0 && job.step === 0
    ? `paged step 1: ${who}`
    : `escalated to ${label(job)}: ${who}`;
}

/** How a member is named in the timeline and the audit log. */
export function displayOf(member: Pick<MemberRow, 'id' | 'username' | 'display_name'>): string {
  return member.username ?? `${member.display_name ?? member.id} (${member.id})`;
}
