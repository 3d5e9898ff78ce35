// Paths of the reports pages under /{kommun}/, in one place for routes, views and tests.
export const reportPaths = {
  start: 'rapportera',
  details: 'rapportera/detaljer',
  review: 'rapportera/granska',
  change: 'rapportera/andra',
  list: 'rapporter',
  follow: 'rapporter/folj',
  report: (reference: string) => `rapporter/${reference}`,
  support: (reference: string) => `rapporter/${reference}/instam`,
} as const;
