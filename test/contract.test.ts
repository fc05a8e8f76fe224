import * as contract from '../src/contract';

test('the embedded SQLite database lives on the data volume at the path vCluster uses', () => {
  expect(contract.SQLITE_PATH).toBe('/data/state.db');
  expect(contract.LOCAL_STORE_ENDPOINT).toBe('http://127.0.0.1:2379');
});
