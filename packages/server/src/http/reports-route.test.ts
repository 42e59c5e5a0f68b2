import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { memoryAdapter, runReport, type CollectionName, type ReportName, type StorageAdapter } from '@rapport/core';
import { generateWorkspace, type Workspace } from '@rapport/core/seed';
import { jsonOf, startTestServer, type TestServer } from './test-server.test-support.js';

/** Uploads a generated workspace through the batch route, at most 500 records per batch. */
async function upload(t: TestServer, workspace: Workspace): Promise<void> {
  const ops = (Object.entries(workspace) as [CollectionName, { id: string }[]][]).flatMap(([collection, records]) => records.map((record) => ({ op: 'put', collection, record })));
  for (let i = 0; i < ops.length; i += 500) await jsonOf(await t.request('/v1/batch', { method: 'POST', json: { ops: ops.slice(i, i + 500) } }), 200);
}

describe('report routes', () => {
  let t: TestServer;
  let local: StorageAdapter;
  let workspace: Workspace;
  before(async () => {
    t = await startTestServer();
    workspace = generateWorkspace({ contacts: 80, seed: 7 });
    await upload(t, workspace);
    local = memoryAdapter();
    for (const [collection, records] of Object.entries(workspace) as [CollectionName, never[]][]) await local.collection(collection).bulkPut(records);
  });
  after(() => t.close());

  it('answers every report exactly as core’s runReport over the same records', async () => {
    const pipelineId = workspace.pipelines[0]!.id;
    const cases: [ReportName, Record<string, unknown>][] = [
      ['pipelineSummary', { pipelineId }],
      ['forecast', { period: 'quarter', from: '2025-06-01', to: '2026-12-01' }],
      ['funnel', { pipelineId, from: '2025-01-01' }],
      ['winRate', { groupBy: 'owner' }],
      ['salesCycle', {}],
      ['salesVelocity', { from: '2025-06-01' }],
      ['activityLeaderboard', { limit: 5 }],
      ['leadSources', { by: ['channel', 'utmCampaign'] }],
      ['staleDeals', { asOf: '2026-06-01T12:00:00.000Z' }],
    ];
    for (const [name, params] of cases) {
      const remote = await jsonOf(await t.request(`/v1/reports/${name}`, { method: 'POST', json: params }), 200);
      const expected = JSON.parse(JSON.stringify(await runReport(local, name, params as never)));
      assert.deepEqual(remote, expected, name);
    }
  });

  it('runs GET as a POST with no parameters, staleDeals measured from now', async () => {
    assert.deepEqual(await jsonOf(await t.request('/v1/reports/winRate'), 200), JSON.parse(JSON.stringify(await runReport(local, 'winRate', {}))));
    const stale = await jsonOf<{ asOf: string }>(await t.request('/v1/reports/staleDeals'), 200);
    assert.ok(Math.abs(Date.parse(stale.asOf) - Date.now()) < 60_000, stale.asOf);
  });

  it('answers an unknown report with 404 and bad parameters with 400 naming them', async () => {
    assert.equal((await jsonOf<{ code: string }>(await t.request('/v1/reports/profitAndLoss'), 404)).code, 'not_found');
    assert.equal((await jsonOf<{ code: string }>(await t.request('/v1/reports/toString'), 404)).code, 'not_found');
    const problem = await jsonOf<{ code: string; issues: { path: string[] }[] }>(await t.request('/v1/reports/pipelineSummary', { method: 'POST', json: { pipelineId: 'x', colour: 'red' } }), 400);
    assert.equal(problem.code, 'validation');
    const paths = problem.issues.map((issue) => issue.path.join('.'));
    assert.ok(paths.includes('pipelineId') && paths.includes('colour'), paths.join());
  });
});
