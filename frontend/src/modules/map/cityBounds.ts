import { TIANJIN_DISTRICTS_GEOJSON } from '@cityops/contracts';
import { boundsOf } from './boundsOf';

/** The whole municipality, from Jizhou in the north to the Binhai coast: the wall's home view. */
export const cityBounds = boundsOf(TIANJIN_DISTRICTS_GEOJSON);
