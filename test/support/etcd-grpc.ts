import { dirname, join } from 'path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

/** A raw etcd gRPC client (etcd's protos, as the etcd3 package ships them): for streams the etcd3 client hides. */
export function rawEtcdClient(endpoint: string): { watch(): grpc.ClientDuplexStream<object, any>; close(): void } {
  const protoDir = join(dirname(require.resolve('etcd3/package.json')), 'proto');
  const definition = protoLoader.loadSync(join(protoDir, 'rpc.proto'), { keepCase: true, longs: String, enums: String, defaults: true, includeDirs: [protoDir] });
  const pkg = grpc.loadPackageDefinition(definition).etcdserverpb as grpc.GrpcObject;
  const Watch = pkg.Watch as grpc.ServiceClientConstructor;
  const client = new Watch(endpoint, grpc.credentials.createInsecure());
  return {
    watch: () => (client as any).Watch(),
    close: () => client.close(),
  };
}
