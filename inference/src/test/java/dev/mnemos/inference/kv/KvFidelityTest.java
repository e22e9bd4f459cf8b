package dev.mnemos.inference.kv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.inference.compute.ComputePool;
import dev.mnemos.inference.kv.fidelity.FidelityRow;
import dev.mnemos.inference.kv.fidelity.KvFidelity;
import dev.mnemos.inference.kv.fidelity.ModelText;
import dev.mnemos.inference.kv.fidelity.PolicySpec;
import dev.mnemos.inference.kv.policy.SinkWindowPolicy;
import dev.mnemos.inference.model.Model;
import java.util.List;
import org.junit.jupiter.api.Test;

class KvFidelityTest {

    @Test
    void should_report_full_agreement_for_a_policy_that_keeps_everything_and_less_for_a_small_budget() throws Exception {
        try (Model model = Model.open(TestModels.stories260K()); ComputePool pool = new ComputePool(1)) {
            int[] story = ModelText.sample(model, pool, 200, 1, 3);
            List<FidelityRow> rows = new KvFidelity(model, pool, 16).compare(story, 150, List.of(
                    new PolicySpec("everything", () -> new SinkWindowPolicy(4, 1000)),
                    new PolicySpec("20 tokens", () -> new SinkWindowPolicy(4, 16))));
            assertThat(rows).extracting(FidelityRow::policy).containsExactly("full", "sinks+window", "sinks+window");
            assertThat(rows.get(0).top1Agreement()).isEqualTo(1.0);
            assertThat(rows.get(1).top1Agreement()).isEqualTo(1.0);
            assertThat(rows.get(1).meanKl()).isLessThan(1e-9); // zero but for the JIT: see KvFullPolicyTest
            assertThat(rows.get(1).kvBytesResident()).isEqualTo(rows.get(0).kvBytesResident());
            assertThat(rows.get(2).predictions()).isEqualTo(50);
            assertThat(rows.get(2).meanKl()).isPositive();
            assertThat(rows.get(2).kvBytesResident()).isLessThan(rows.get(0).kvBytesResident() / 4);
        }
    }
}
