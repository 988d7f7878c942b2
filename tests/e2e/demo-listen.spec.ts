/**
 * The demo hands an admin session token to whoever opens /admin, so it listens on this
 * machine's loopback address only unless HOST says otherwise (demo/start.ts). Any other
 * address of the machine must refuse the connection: 127.0.0.2 (loopback too, but not the
 * address listened on, which a server on every interface would accept) and the machine's
 * network interfaces.
 */
import net from "node:net";
import { networkInterfaces } from "node:os";
import { expect, test } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3111);

function tryConnect(host: string): Promise<"connected" | string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, host);
    socket.once("connect", () => {
      socket.destroy();
      resolve("connected");
    });
    socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

test("the demo answers on 127.0.0.1 and refuses every other address", async () => {
  expect(await tryConnect("127.0.0.1")).toBe("connected");
  const others = [
    "127.0.0.2",
    ...Object.values(networkInterfaces())
      .flat()
      .filter((address) => address && !address.internal && address.family === "IPv4")
      .map((address) => address!.address),
  ];
  for (const host of others) expect(await tryConnect(host), host).toBe("ECONNREFUSED");
});
