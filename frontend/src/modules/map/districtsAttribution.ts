/** Credit for the district boundaries (see packages/contracts/src/geo/ECHARTS-NOTICE). */
export const districtsAttribution = 'District boundaries © Apache ECharts 4.9.0 (Apache-2.0)';
