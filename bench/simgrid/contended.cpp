// The peer benchmark's contended patterns on SimGrid (S4U, CM02 with cross-traffic and TCP gamma
// off: max-min fair sharing of every link, each message paying its route's latency without
// bandwidth first). bench/peer.ts runs them beside WRHT-Sim's fair sharing; test/peer.test.ts
// compares WRHT-Sim with their committed results (test/fixtures/simgrid-contended.json).
//
// Usage: contended PATTERN N BYTES BANDWIDTH_Bps LINK_LATENCY_s [SimGrid --cfg options]
//   a2a          direct all-to-all on a star: every node sends BYTES/N to every other at once
//   fanin:M      one WRHT level on a star: groups of M consecutive nodes, each member sends BYTES
//                to its group's leader (the lower middle member) at once
//   streams      two rings at once on a star (as an FSDP iteration's all-gather and reduce-scatter
//                streams): N-1 steps each of BYTES/N to the next node, each stream in its own step
//   ls-a2a:K:S:U direct all-to-all on a leaf-spine: K nodes per leaf, S spines, leaf-spine links
//                of U bytes/s; between leaves through spine (dst mod S)
// A node link has the given latency; links between switches none (so a path's latency is twice
// it, as WRHT-Sim's alpha with no switch latency). Prints the simulated time and the messages.
#include <simgrid/s4u.hpp>
#include <cstdio>
#include <string>
#include <vector>

namespace sg4 = simgrid::s4u;

static std::string pattern;
static int N;
static double bytes;
static int groupSize = 2;
static long messages = 0;

static sg4::Mailbox* box(const std::string& stream, int i) { return sg4::Mailbox::by_name(stream + std::to_string(i)); }

/** Sends every (to, size) and receives `from` messages, all posted at once. */
static void exchangeAll(const std::string& stream, int self, const std::vector<std::pair<int, double>>& sends, int receives)
{
  static char payload = 0;
  std::vector<sg4::CommPtr> comms;
  for (auto [to, size] : sends) {
    comms.push_back(box(stream, to)->put_async(&payload, (uint64_t)size));
    messages++;
  }
  std::vector<char*> got(receives);
  for (int k = 0; k < receives; k++) comms.push_back(box(stream, self)->get_async<char>(&got[k]));
  sg4::Comm::wait_all(comms);
}

static void node(int self)
{
  if (pattern == "a2a" || pattern.rfind("ls-a2a", 0) == 0) {
    std::vector<std::pair<int, double>> sends;
    for (int j = 0; j < N; j++)
      if (j != self) sends.push_back({j, bytes / N});
    exchangeAll("a", self, sends, N - 1);
  } else if (pattern.rfind("fanin", 0) == 0) {
    int first = self / groupSize * groupSize;
    int size = std::min(groupSize, N - first);
    int leader = first + (size - 1) / 2;
    if (self == leader) exchangeAll("a", self, {}, size - 1);
    else exchangeAll("a", self, {{leader, bytes}}, 0);
  }
}

/** One ring stream: N-1 steps of BYTES/N to the next node. */
static void ring(const std::string& stream, int self)
{
  for (int s = 0; s < N - 1; s++) exchangeAll(stream, self, {{(self + 1) % N, bytes / N}}, 1);
}

int main(int argc, char* argv[])
{
  sg4::Engine e(&argc, argv);
  if (argc < 6) {
    std::fprintf(stderr, "usage: %s a2a|fanin:M|streams|ls-a2a:K:S:U N BYTES BANDWIDTH_Bps LINK_LATENCY_s\n", argv[0]);
    return 2;
  }
  pattern = argv[1];
  N = std::stoi(argv[2]);
  bytes = std::stod(argv[3]);
  double bandwidth = std::stod(argv[4]);
  double latency = std::stod(argv[5]);
  std::vector<std::string> parts;
  for (size_t at = 0, next; at != std::string::npos; at = next == std::string::npos ? next : next + 1) {
    next = pattern.find(':', at);
    parts.push_back(pattern.substr(at, next == std::string::npos ? std::string::npos : next - at));
  }
  if (parts[0] == "fanin") groupSize = std::stoi(parts[1]);

  auto* zone = sg4::create_full_zone("net");
  std::vector<sg4::Host*> hosts;
  std::vector<const sg4::Link*> up, down;
  for (int i = 0; i < N; i++) {
    hosts.push_back(zone->create_host("host-" + std::to_string(i), 1e9)->seal());
    up.push_back(zone->create_link("up-" + std::to_string(i), bandwidth)->set_latency(latency)->seal());
    down.push_back(zone->create_link("down-" + std::to_string(i), bandwidth)->set_latency(latency)->seal());
  }
  int K = N, S = 1;
  double U = bandwidth;
  if (parts[0] == "ls-a2a") {
    K = std::stoi(parts[1]);
    S = std::stoi(parts[2]);
    U = std::stod(parts[3]);
  }
  int leaves = (N + K - 1) / K;
  std::vector<const sg4::Link*> toSpine, fromSpine;
  for (int l = 0; l < leaves; l++)
    for (int s = 0; s < S; s++) {
      toSpine.push_back(zone->create_link("leaf" + std::to_string(l) + "-spine" + std::to_string(s), U)->seal());
      fromSpine.push_back(zone->create_link("spine" + std::to_string(s) + "-leaf" + std::to_string(l), U)->seal());
    }
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j++) {
      if (i == j) continue;
      std::vector<sg4::LinkInRoute> route{sg4::LinkInRoute(up[i])};
      if (i / K != j / K) {
        int s = j % S;
        route.push_back(sg4::LinkInRoute(toSpine[(i / K) * S + s]));
        route.push_back(sg4::LinkInRoute(fromSpine[(j / K) * S + s]));
      }
      route.push_back(sg4::LinkInRoute(down[j]));
      zone->add_route(hosts[i]->get_netpoint(), hosts[j]->get_netpoint(), nullptr, nullptr, route, false);
    }
  zone->seal();
  for (int i = 0; i < N; i++) {
    if (pattern == "streams") {
      sg4::Actor::create("a-" + std::to_string(i), hosts[i], ring, "a", i);
      sg4::Actor::create("b-" + std::to_string(i), hosts[i], ring, "b", i);
    } else {
      sg4::Actor::create("node-" + std::to_string(i), hosts[i], node, i);
    }
  }
  e.run();
  std::printf("{\"time\":%.17g,\"messages\":%ld}\n", sg4::Engine::get_clock(), messages);
  return 0;
}
