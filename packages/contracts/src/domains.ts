import { z } from 'zod';

/** A domain is a family of field data with its own collectors folder, metrics, rules and map layers. */
export const DOMAINS = ['heating', 'waterlogging', 'sanitation'] as const;
export const DomainSchema = z.enum(DOMAINS);
export type Domain = z.infer<typeof DomainSchema>;

/** Asset kinds and the domain each belongs to. Adding a domain adds rows here. */
export const ASSET_KIND_DOMAIN = {
  heat_source: 'heating',
  heat_station: 'heating',
  indoor_sensor: 'heating',
  underpass: 'waterlogging',
  low_road: 'waterlogging',
  rain_gauge: 'waterlogging',
} as const satisfies Record<string, Domain>;

export type AssetKind = keyof typeof ASSET_KIND_DOMAIN;
export const ASSET_KINDS = Object.keys(ASSET_KIND_DOMAIN) as [AssetKind, ...AssetKind[]];
export const AssetKindSchema = z.enum(ASSET_KINDS);

export function domainOfKind(kind: AssetKind): Domain {
  return ASSET_KIND_DOMAIN[kind];
}
