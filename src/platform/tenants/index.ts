// Tenants: kommuner (the public face), lokalpolisområden (covering one or more kommuner) and
// partner organisations of a kommun; per-kommun settings (theme, logo, contact, languages).
import { defineModule } from '../module.js';

export { findKommunBySlug, findKommunById, listKommuner, type Kommun } from './tenant.repository.js';

export const tenantsFeature = defineModule({ name: 'tenants' });
