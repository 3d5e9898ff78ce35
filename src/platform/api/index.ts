// The API's description: every route declared with `api` (kommunRoute, siteRoute) joins the
// OpenAPI 3.1 document at /api/openapi.json and the reference page at /api. It owns no data and
// knows no module: what it describes is what the routes of this app declared.
import { defineModule } from '../module.js';
import { apiMessages } from './api.messages.js';
import { registerApiRoutes } from './api.routes.js';

export { apiReferencePath, openApiPath } from './api.routes.js';

export const apiFeature = defineModule({
  name: 'api',
  messages: apiMessages,
  routes: registerApiRoutes,
});
