// People and roles administration: administrators list staff of their kommun, invite people by
// e-mail to a role in an organisation, change and remove roles. Uses auth for accounts.
import { defineModule } from '../module.js';
import { peopleMessages } from './people.messages.js';
import { registerPeopleRoutes } from './people.routes.js';
import { signInPauseMessages } from './sign-in-pauses.messages.js';
import { registerSignInPauseRoutes } from './sign-in-pauses.routes.js';
import { selectUnansweredInvitationCount } from './people.service.js';
import { selectSignInPauseCount } from './sign-in-pauses.service.js';
import * as userNameIndex from './migrations/2026_11_25_0012_people_user_name_index.js';

export const peopleFeature = defineModule({
  name: 'people',
  migrations: { '2026_11_25_0012_people_user_name_index': userNameIndex },
  messages: { sv: { ...peopleMessages.sv, ...signInPauseMessages.sv }, en: { ...peopleMessages.en, ...signInPauseMessages.en } },
  // people.manage is declared and granted by the auth feature (administrator).
  staffNav: [{ path: 'admin/personer', labelKey: 'people.nav', permission: 'people.manage', order: 82 }],
  staffOverview: [
    {
      name: 'people.unanswered_invitations',
      order: 20,
      permission: 'people.manage',
      labelKey: 'people.overviewPending',
      href: 'admin/personer',
      count: (db, actor, kommun) => selectUnansweredInvitationCount(db, actor, kommun),
    },
    {
      name: 'people.sign_in_pauses',
      order: 50,
      permission: 'people.manage',
      labelKey: 'people.overviewPaused',
      href: 'admin/personer#pausade-inloggningar',
      count: (db, actor, kommun, now) => selectSignInPauseCount(db, actor, kommun, now),
    },
  ],
  routes: (app, ctx) => {
    registerPeopleRoutes(app, ctx);
    registerSignInPauseRoutes(app, ctx);
  },
});
