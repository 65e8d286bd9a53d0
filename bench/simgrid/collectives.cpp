// The peer benchmark's SimGrid side: Ring, recursive-doubling and binomial-tree all-reduce
// patterns among N hosts of a star (each host one full-duplex link to a central switch), with the
// CM02 network model and cross-traffic and TCP gamma off: exactly alpha-beta, a message taking
// the path's latency plus size / bandwidth. bench/peer.ts compiles and runs it (when SimGrid is
// installed) beside WRHT-Sim's electrical star with the same alpha and bandwidth.
//
// Usage: collectives PATTERN N BYTES BANDWIDTH_Bps LINK_LATENCY_s [SimGrid --cfg options]
// Prints the simulated time and the number of messages.
#include <simgrid/s4u.hpp>
#include <cstdio>
#include <string>
#include <vector>

namespace sg4 = simgrid::s4u;

static std::string pattern;
static int N;
static double bytes;
static long messages = 0;

static sg4::Mailbox* box(int i) { return sg4::Mailbox::by_name("node-" + std::to_string(i)); }

/** One step: send `size` bytes to `to` (if any) and receive from `from` (if any), both at once. */
static void exchange(int self, int to, int from, double size)
{
  static char payload = 0;
  sg4::CommPtr send;
  if (to >= 0) {
    send = box(to)->put_async(&payload, (uint64_t)size);
    messages++;
  }
  if (from >= 0) box(self)->get<char>();
  if (send) send->wait();
}

static void node(int self)
{
  if (pattern == "ring") {
    // reduce-scatter then all-gather: 2(N-1) steps of D/N to the clockwise neighbour
    for (int s = 0; s < 2 * (N - 1); s++) exchange(self, (self + 1) % N, (self + N - 1) % N, bytes / N);
  } else if (pattern == "rd") {
    // recursive doubling (N a power of two): log2 N exchanges of the whole vector
    for (int d = 1; d < N; d *= 2) exchange(self, self ^ d, self ^ d, bytes);
  } else if (pattern == "bt") {
    // binomial reduce to node 0 (step k: i = 2^k mod 2^(k+1) sends to i - 2^k), then the mirror
    int levels = 0;
    while ((1 << levels) < N) levels++;
    for (int k = 0; k < levels; k++) {
      int d = 1 << k;
      if (self % (2 * d) == d) exchange(self, self - d, -1, bytes);
      else if (self % (2 * d) == 0 && self + d < N) exchange(self, -1, self + d, bytes);
    }
    for (int k = levels - 1; k >= 0; k--) {
      int d = 1 << k;
      if (self % (2 * d) == 0 && self + d < N) exchange(self, self + d, -1, bytes);
      else if (self % (2 * d) == d) exchange(self, -1, self - d, bytes);
    }
  }
}

int main(int argc, char* argv[])
{
  sg4::Engine e(&argc, argv);
  if (argc < 6) {
    std::fprintf(stderr, "usage: %s ring|rd|bt N BYTES BANDWIDTH_Bps LINK_LATENCY_s\n", argv[0]);
    return 2;
  }
  pattern = argv[1];
  N = std::stoi(argv[2]);
  bytes = std::stod(argv[3]);
  double bandwidth = std::stod(argv[4]);
  double latency = std::stod(argv[5]);

  auto* star = sg4::create_star_zone("star");
  std::vector<sg4::Host*> hosts;
  for (int i = 0; i < N; i++) {
    sg4::Host* h = star->create_host("host-" + std::to_string(i), 1e9)->seal();
    const sg4::Link* link = star->create_split_duplex_link("link-" + std::to_string(i), bandwidth)->set_latency(latency)->seal();
    star->add_route(h->get_netpoint(), nullptr, nullptr, nullptr, {sg4::LinkInRoute(link, sg4::LinkInRoute::Direction::UP)}, true);
    hosts.push_back(h);
  }
  star->seal();
  for (int i = 0; i < N; i++) sg4::Actor::create("node-" + std::to_string(i), hosts[i], node, i);
  e.run();
  std::printf("{\"time\":%.17g,\"messages\":%ld}\n", sg4::Engine::get_clock(), messages);
  return 0;
}
