#!/usr/bin/env node
// Runs the TypeScript sources as they are: the workspace has no build step for the CLI.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
