import { adapterConformance } from '../testing/index.js';
import { memoryAdapter } from './memory-adapter.js';

// The same suite as under node:test, here under mocha in Chromium: core runs without Node APIs.
adapterConformance({ describe, it }, { name: 'memoryAdapter (Chromium)', create: () => memoryAdapter() });
