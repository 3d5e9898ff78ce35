import { defineMessages } from '../i18n/i18n.js';

export const pdfMessages = defineMessages(
  {
    'pdf.pageNumber': 'Sida {page} av {pages}',
    'pdf.tableContinued': '{caption} (fortsättning)',
  },
  {
    'pdf.pageNumber': 'Page {page} of {pages}',
    'pdf.tableContinued': '{caption} (continued)',
  },
);
