// The site-content module: the news feed and the uploaded-files route. Its actions (content types,
// showcases) are discovered by the action registry under src/content/actions/.
import type { PasportModule } from '../modules/types.ts';
import { registerFeedRoutes } from './feed.ts';
import { registerUploadRoutes } from './uploads/serve.ts';
import { uploadStore } from './uploads/store.ts';

const module: PasportModule = {
  name: 'content',
  async start({ app, services }) {
    await uploadStore(services); // fail at start-up, not at the first upload, if the store is misconfigured
    registerFeedRoutes(app, services);
    registerUploadRoutes(app, services);
  },
};

export default module;
