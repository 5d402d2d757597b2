import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;
import java.time.Instant;

/**
 * The Temporal time-skipping test server whose clock starts at a given instant instead of the
 * machine's: `<port> [<ISO-8601 instant>]`. Tests that count working days pin the day they start
 * on, so holidays and weekends never move under them. Time skipping starts locked, as with the
 * stock server's default, which is what the TypeScript client expects.
 */
public final class PinnedClockTestServer {
  public static void main(String[] args) throws Exception {
    if (args.length < 1 || args.length > 2) {
      System.err.println("Usage: PinnedClockTestServer <port> [<ISO-8601 instant the clock starts at>]");
      System.exit(2);
    }
    int port = Integer.parseInt(args[0]);
    long startMillis = args.length == 2 ? Instant.parse(args[1]).toEpochMilli() : 0L;
    TestServicesStarter services = new TestServicesStarter(true, startMillis);
    ServerBuilder<?> builder = Grpc.newServerBuilderForPort(port, InsecureServerCredentials.create());
    GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
    Server server = builder.build().start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.shutdownNow();
      services.close();
    }));
    server.awaitTermination();
  }
}
