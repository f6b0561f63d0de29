import { type AlertTransition, type CaseCategory, districtName } from '@cityops/contracts';

/*
 * What an incident without a registered asset is about (AlertTransition.subject): a sanitation case,
 * or a cluster of cases. The rule's title template fills {asset} with the name.
 */

export type Subject = NonNullable<AlertTransition['subject']>;

export const CATEGORY_LABELS: Readonly<Record<CaseCategory, string>> = {
  garbage_pile: '垃圾堆放',
  dirty_street: '道路不洁',
  toilet: '公厕',
  snow_ice: '道路冰雪',
  standing_water: '道路积水',
  other: '其他',
};

interface Located {
  id: string;
  category: CaseCategory;
  district: string;
  lng: number;
  lat: number;
  reportedAt: number;
}

/** "垃圾堆放 SC-20261126-0001", at the case's place. */
export function caseSubject(c: Located): Subject {
  return {
    name: `${CATEGORY_LABELS[c.category]} ${c.id}`,
    district: c.district,
    location: [c.lng, c.lat],
  };
}

const round6 = (v: number) => Math.round(v * 1e6) / 1e6;

/**
 * A cluster of cases: "和平区 (117.1972, 39.1183) 附近", at the centre of its cases, in the district
 * most of them are in (ties: of those districts, the one with the earliest case; equal report
 * times: the lower case id), whatever the order of the members. Null for no cases.
 */
export function clusterSubject(members: readonly Located[]): Subject | null {
  if (members.length === 0) return null;
  // In report order: the centre's sums and, below, the first district to reach the highest count
  // (the one with the earliest case) do not depend on the order of the members.
  const inOrder = [...members].sort(
    (a, b) => a.reportedAt - b.reportedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  const lng = inOrder.reduce((s, c) => s + c.lng, 0) / inOrder.length;
  const lat = inOrder.reduce((s, c) => s + c.lat, 0) / inOrder.length;
  const counts = new Map<string, number>();
  for (const c of inOrder) counts.set(c.district, (counts.get(c.district) ?? 0) + 1);
  let district = inOrder[0]!.district;
  for (const [code, n] of counts) if (n > counts.get(district)!) district = code;
  return {
    name: `${districtName(district)} (${lng.toFixed(4)}, ${lat.toFixed(4)}) 附近`,
    district,
    location: [round6(lng), round6(lat)],
  };
}
