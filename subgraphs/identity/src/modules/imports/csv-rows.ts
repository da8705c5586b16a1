// The reader moved to the shared kit (the invitations subgraph's bulk invite reads CSV too).
export { csvRecords } from '@gatehouse/shared';
export type { CsvRecord } from '@gatehouse/shared';
