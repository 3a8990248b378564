import type { PasportModule } from '../modules/types.ts';
import { dcatRoutes } from './plugin.ts';

const dcat: PasportModule = {
  name: 'dcat',
  async start(ctx) {
    await dcatRoutes(ctx.app, ctx);
  },
};

export default dcat;
