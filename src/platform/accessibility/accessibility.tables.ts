import type { Timestamp } from '../db/tables.js';

export interface AccessibilityReportTable {
  id: string;
  kommun_id: string;
  page_url: string;
  description: string;
  /** Only for answering this report; never shown outside the staff list. */
  reply_email: string | null;
  status: 'open' | 'handled';
  created_at: Timestamp;
  handled_at: Timestamp | null;
  handled_by: string | null;
}

declare module '../db/tables.js' {
  interface Tables {
    accessibility_reports: AccessibilityReportTable;
  }
}
