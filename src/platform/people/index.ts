// People and roles administration: administrators list staff of their kommun, invite people by
// e-mail to a role in an organisation, change and remove roles. Uses auth for accounts.
import { defineModule } from '../module.js';
import { peopleMessages } from './people.messages.js';
import { registerPeopleRoutes } from './people.routes.js';
import { signInPauseMessages } from './sign-in-pauses.messages.js';
import { registerSignInPauseRoutes } from './sign-in-pauses.routes.js';
import * as userNameIndex from './migrations/2026_11_25_0012_people_user_name_index.js';

export const peopleFeature = defineModule({
  name: 'people',
  migrations: { '2026_11_25_0012_people_user_name_index': userNameIndex },
  messages: { sv: { ...peopleMessages.sv, ...signInPauseMessages.sv }, en: { ...peopleMessages.en, ...signInPauseMessages.en } },
  // people.manage is declared and granted by the auth feature (administrator).
  staffNav: [{ path: 'admin/personer', labelKey: 'people.nav', permission: 'people.manage', order: 82 }],
  routes: (app, ctx) => {
    registerPeopleRoutes(app, ctx);
    registerSignInPauseRoutes(app, ctx);
  },
});
