import type { DBCore, DBCoreCursor, Middleware } from 'dexie';

/**
 * A Dexie middleware that counts the records read from IndexedDB (values returned by gets,
 * queries and cursor steps; keys alone do not count). It lets tests prove that a query read a
 * page's worth of records through an index rather than a whole table.
 */
export function readCounter(): { middleware: Middleware<DBCore>; read(): number } {
  let reads = 0;
  // In browsers the cursor is the native IDBCursor, whose getters refuse any other `this`: so
  // its `start` (which Dexie adds to it) is replaced in place rather than wrapped.
  const counting = (cursor: DBCoreCursor): DBCoreCursor => {
    const start = cursor.start.bind(cursor);
    Object.defineProperty(cursor, 'start', {
      configurable: true,
      value: (onNext: () => void) =>
        start(() => {
          reads++;
          onNext();
        }),
    });
    return cursor;
  };
  const middleware: Middleware<DBCore> = {
    stack: 'dbcore',
    name: 'rapport-read-counter',
    create: (down) => ({
      ...down,
      table(name) {
        const table = down.table(name);
        return {
          ...table,
          async get(request) {
            const value = await table.get(request);
            if (value !== undefined) reads++;
            return value;
          },
          async getMany(request) {
            const values = await table.getMany(request);
            reads += values.filter((value) => value !== undefined).length;
            return values;
          },
          async query(request) {
            const response = await table.query(request);
            if (request.values) reads += response.result.length;
            return response;
          },
          async openCursor(request) {
            const cursor = await table.openCursor(request);
            return cursor && request.values !== false ? counting(cursor) : cursor;
          },
        };
      },
    }),
  };
  return { middleware, read: () => reads };
}
