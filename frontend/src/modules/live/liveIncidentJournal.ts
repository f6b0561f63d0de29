import { createIncidentJournal } from './createIncidentJournal';

/** The page's journal of live incident events (written by LiveProvider, read by list fetches). */
export const liveIncidentJournal = createIncidentJournal();
