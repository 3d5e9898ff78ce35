import { openDatabase } from '../src/platform/db/database.js';
const d = openDatabase('sqlite::memory:', {});
await d.db.transaction().execute(async (trx) => { console.log('same adapter', trx.getExecutor().adapter === d.db.getExecutor().adapter); });
await d.close();
