package dev.mnemos.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.mutiny.Uni;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The blocking face has a twin of every Uni verb of the kernel (STYLE.md, section 4). */
class BlockingKernelTest {

    @Test
    void should_have_a_blocking_twin_with_the_same_parameters_when_the_kernel_has_a_uni_verb() throws Exception {
        for (Method verb : Kernel.class.getMethods()) {
            if (verb.getReturnType() != Uni.class) {
                continue;
            }
            Method twin = BlockingKernel.class.getMethod(verb.getName(), verb.getParameterTypes());
            var produced = ((ParameterizedType) verb.getGenericReturnType()).getActualTypeArguments()[0];
            assertThat(twin.getGenericReturnType()).as(verb.getName()).isEqualTo(produced);
        }
        long verbs = Arrays.stream(Kernel.class.getMethods()).filter(m -> m.getReturnType() == Uni.class).count();
        long twins = Arrays.stream(BlockingKernel.class.getDeclaredMethods()).filter(m -> java.lang.reflect.Modifier.isPublic(m.getModifiers())).count();
        assertThat(twins).isEqualTo(verbs);
    }
}
