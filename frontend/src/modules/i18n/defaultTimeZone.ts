/** The display zone unless GET /api/config names another: the city's own. */
export const defaultTimeZone = 'Asia/Shanghai';
