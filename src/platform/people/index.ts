// People and roles administration: administrators list staff of their kommun, invite people by
// e-mail to a role in an organisation, change and remove roles. Uses auth for accounts.
import { defineModule } from '../module.js';

export const peopleFeature = defineModule({ name: 'people' });
