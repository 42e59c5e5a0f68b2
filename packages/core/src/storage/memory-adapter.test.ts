import { describe, it } from 'node:test';
import { adapterConformance } from '../testing/index.js';
import { memoryAdapter } from './memory-adapter.js';

adapterConformance({ describe, it }, { name: 'memoryAdapter (Node)', create: () => memoryAdapter() });
