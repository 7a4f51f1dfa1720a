/**
 * The producer container's entry point (producer/container/bundle.ts bundles this file): configured by flags and
 * environment only. On a development machine `npm run producer` (local/producer-cli.ts) adds `--local`.
 */
import { exitWith, producerCli } from './producer-cli.js';

exitWith(producerCli(process.argv.slice(2)));
