#!/usr/bin/env node
// The CLI entry point: registers the TypeScript loader so the same sources run in dev, tests and production.
import { register } from 'tsx/esm/api';
register();
await import('../src/cli/main.ts');
