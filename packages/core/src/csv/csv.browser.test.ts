import { expect } from '@open-wc/testing';
import { createCrm, memoryAdapter } from '../index.js';

describe('CSV in the browser', () => {
  it('imports a File as a user would pick it, and exports what it imported', async () => {
    const crm = createCrm({ storage: memoryAdapter() });
    const file = new File(['\uFEFFFirst name,Last name,Email,Company\nZoë,Ünal,zoe@acme.com,Acme\nBad,Row,not-an-email,\n'], 'contacts.csv', { type: 'text/csv' });
    const result = await crm.contacts.importCsv(file);
    expect([result.created, result.failed]).to.deep.equal([1, 1]);
    expect(result.errors[0]).to.deep.equal({ row: 3, field: 'emails.0', column: 'Email', message: 'Must be an email address' });

    let csv = '';
    for await (const chunk of crm.contacts.exportCsv()) csv += chunk;
    expect(csv).to.match(/,Zoë,Ünal,zoe@acme.com,/);
    expect(csv).to.match(/,Acme,/);
  });

  it('imports from a fetch-style ReadableStream of bytes', async () => {
    const crm = createCrm({ storage: memoryAdapter() });
    const body = new Response('Email\na@x.io\nb@x.io\n').body as ReadableStream<Uint8Array>;
    const result = await crm.contacts.importCsv(body);
    expect(result.created).to.equal(2);
  });
});
