/**
 * The cost of the domain layer on a write: creating contacts one by one through
 * `crm.contacts.create` (validation, a transaction, the company lookup, cloning, a domain event)
 * over the memory adapter, against putting the same objects into a Map.
 */
import { createCrm, memoryAdapter, newId } from '@rapport/core';
import { row, type BenchEntry } from '../entry.ts';
import { contactInputs } from '../fixtures/contact-inputs.ts';
import { compare, type Trial } from '../measure.ts';

const name = 'contacts.create (core + memoryAdapter) vs Map.set';
const count = 10_000;

const entry: BenchEntry = {
  name,
  description: `Creates ${count.toLocaleString('en-US')} contacts one at a time through crm.contacts.create on memoryAdapter, against Map.set of the same objects with a new id.`,
  async run() {
    const { inputs, companies } = contactInputs(count);

    const viaCrm: Trial = async () => {
      const crm = createCrm({ storage: memoryAdapter() });
      await crm.storage.collection('companies').bulkPut(companies);
      return async () => {
        for (const input of inputs) await crm.contacts.create(input);
      };
    };
    // The same ids (UUIDv7) as the services make, so the ratio is the domain layer, not id making.
    const viaMap: Trial = () => () => {
      const map = new Map<string, object>();
      for (const input of inputs) {
        const id = newId();
        map.set(id, { ...input, id });
      }
    };

    const { subject, baseline } = await compare(viaCrm, viaMap, { warmupRuns: 1, runs: 5 });
    return [
      row({
        entry: name,
        metric: 'median time',
        unit: 'ms',
        value: subject.median,
        baseline: 'Map.set',
        baselineValue: baseline.median,
        throughput: { unit: 'ops/s', value: (count / subject.median) * 1000, baselineValue: (count / baseline.median) * 1000 },
        extra: { contacts: count, runs: subject.samples.length, samples: subject.samples, baselineSamples: baseline.samples },
      }),
    ];
  },
};

export default entry;
