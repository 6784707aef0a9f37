package dev.limitto.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The peers answer the workload alike, so that the benchmarks compare equal work. */
class PeersTest {

  @Test
  void peersWhenGivenTheJiraWorkloadThenAgreeOnEveryRequest() {
    Workload w = Workload.jira(100);
    ScanPeer jdk = new ScanPeer(w.ruleText(), Workload.BASE_URL, ScanPeer.JDK);
    ScanPeer re2j = new ScanPeer(w.ruleText(), Workload.BASE_URL, ScanPeer.RE2J);
    JcasbinPeer casbin = new JcasbinPeer(w.lines, Workload.BASE_URL);
    int hits = 0;
    for (BenchRequest r : w.requests) {
      int line = jdk.decide(r);
      assertThat(re2j.decide(r)).as("RE2J on %s", r).isEqualTo(line);
      assertThat(casbin.decide(r)).as("jcasbin on %s", r).isEqualTo(line);
      hits += line > 0 ? 1 : 0;
    }
    assertThat(w.requests).hasSize(Workload.REQUESTS);
    assertThat(hits).isBetween(Workload.REQUESTS / 4, Workload.REQUESTS * 3 / 4);
  }

  @Test
  void decisionKindsWhenSetUpForEveryEngineThenEachAnswersAsExpected() {
    for (DecisionKindBenchmark.Engine engine : DecisionKindBenchmark.Engine.values()) {
      for (DecisionKindBenchmark.Kind kind : DecisionKindBenchmark.Kind.values()) {
        DecisionKindBenchmark b = new DecisionKindBenchmark();
        b.engine = engine;
        b.kind = kind;
        b.setUp(); // checks both engines' answers against the kind's expected line
        int answer = b.evaluate();
        boolean peerJudges = kind != DecisionKindBenchmark.Kind.DECODED_PATH
            && kind != DecisionKindBenchmark.Kind.REJECTED; // the peer does not canonicalise
        if (engine == DecisionKindBenchmark.Engine.LIMITTO || peerJudges) {
          assertThat(answer).as("%s %s", engine, kind).isEqualTo(kind.line);
        }
      }
    }
  }

  @Test
  void workloadWhenGeneratedTwiceThenIdentical() {
    assertThat(Workload.jira(10).ruleText()).isEqualTo(Workload.jira(10).ruleText());
    assertThat(Workload.jira(1000).ruleText().lines()).hasSize(1000);
  }

  @Test
  void readTreePeerWhenBodyMatchesThenAllowsAndOtherwiseDenies() {
    ScanPeer peer = new ScanPeer(JsonPredicateBenchmark.RULES, Workload.BASE_URL, ScanPeer.JDK);
    for (int size : new int[] {1024, 10240}) {
      assertThat(peer.decide(BenchRequest.json("POST", "/jira/rest/api/2/issue", JsonPredicateBenchmark.body(size, true))))
          .isEqualTo(1);
      assertThat(peer.decide(BenchRequest.json("POST", "/jira/rest/api/2/issue", JsonPredicateBenchmark.body(size, false))))
          .isZero();
      assertThat(JsonPredicateBenchmark.body(size, true).length()).isBetween(size - 300, size + 300);
    }
  }
}
