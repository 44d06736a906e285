// Prints the engine's cost per claim over a JSON Lines file, in memory
// (no I/O timed): a benchmark that reports figures, never a pass/fail test.
// usage: assurecalc_bench FILE.jsonl [ROUNDS]
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "assurecalc.hpp"
#include "claim.hpp"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fputs("usage: assurecalc_bench FILE.jsonl [ROUNDS]\n", stderr);
    return 2;
  }
  std::ifstream in(argv[1]);
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);)
    if (!l.empty())
      lines.push_back(l);
  const int rounds = argc > 2 ? std::atoi(argv[2]) : 3;
  std::string out;
  size_t bytes_in = 0, bytes_out = 0;
  for (const auto& l : lines) {  // warm-up, and sizes
    assurecalc::evaluate_into(l, out);
    bytes_in += l.size();
    bytes_out += out.size();
  }
  double best = 1e30;
  for (int r = 0; r < rounds; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    for (const auto& l : lines)
      assurecalc::evaluate_into(l, out);
    const auto t1 = std::chrono::steady_clock::now();
    best = std::min(best, std::chrono::duration<double, std::micro>(t1 - t0).count());
  }
  const double per = best / double(lines.size());
  // The share of reading alone (the claim reader without evaluation).
  double best_read = 1e30;
  assurecalc::Claim claim;
  for (int r = 0; r < rounds; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    for (const auto& l : lines)
      assurecalc::read_claim(l, claim);
    const auto t1 = std::chrono::steady_clock::now();
    best_read = std::min(best_read, std::chrono::duration<double, std::micro>(t1 - t0).count());
  }
  std::printf("claims %zu, mean input %zu B, mean result %zu B\n", lines.size(), bytes_in / lines.size(),
              bytes_out / lines.size());
  std::printf("native evaluate: %.2f us/claim, %.0f claims/s (best of %d rounds)\n", per, 1e6 / per, rounds);
  std::printf("  of which reading the claim: %.2f us\n", best_read / double(lines.size()));
  return 0;
}
