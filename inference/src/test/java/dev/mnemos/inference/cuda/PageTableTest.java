package dev.mnemos.inference.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The host's side of the device KV page table: what offload and restore do to it, without a GPU. */
class PageTableTest {

    @Test
    void should_give_every_logical_page_its_own_physical_page_when_fresh() {
        PageTable table = new PageTable(6, 10);
        assertThat(table.capacity()).isEqualTo(60);
        assertThat(table.physical(0, 0)).isZero();
        assertThat(table.physical(5, 9)).isEqualTo(59);
        assertThat(table.index(2, 3)).as("kernels read stream * maxPages + logical").isEqualTo(23);
        assertThat(table.entries()).doesNotHaveDuplicates().hasSize(60);
        assertThat(table.offloads()).isFalse();
    }

    @Test
    void should_reuse_the_freed_page_when_an_offloaded_page_comes_back() {
        PageTable table = new PageTable(4, 8);
        int a = table.release(1, 2);
        int b = table.release(3, 0);
        assertThat(table.physical(1, 2)).isEqualTo(PageTable.OFFLOADED);
        assertThat(table.entries()[table.index(3, 0)]).isEqualTo(PageTable.OFFLOADED);
        assertThat(table.offloads()).isTrue();
        assertThat(table.assign(1, 2)).as("the last page freed is handed out first").isEqualTo(b);
        assertThat(table.assign(3, 0)).isEqualTo(a);
        assertThat(table.entries()).doesNotHaveDuplicates().doesNotContain(PageTable.OFFLOADED);
        assertThat(table.offloads()).isFalse();
    }

    @Test
    void should_refuse_what_would_corrupt_the_table() {
        PageTable table = new PageTable(2, 4);
        assertThatThrownBy(() -> table.assign(0, 0)).hasMessageContaining("is resident in page 0, not offloaded");
        table.release(0, 1);
        assertThatThrownBy(() -> table.release(0, 1)).hasMessageContaining("is offloaded, so it cannot be offloaded");
        assertThatThrownBy(() -> table.drop(0, 1)).hasMessageContaining("cannot be dropped");
        assertThatThrownBy(() -> table.map(0, 2)).hasMessageContaining("is resident in page 2, not absent");
        assertThatThrownBy(() -> table.physical(2, 0)).isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("stream 2");
        assertThatThrownBy(() -> table.physical(0, 4)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> new PageTable(0, 4)).hasMessageContaining("needs streams and pages");
        assertThatThrownBy(() -> new PageTable(1 << 16, 1 << 16)).hasMessageContaining("more than an int");
    }

    @Test
    void should_size_the_table_for_the_context_when_pages_are_counted() {
        assertThat(DeviceKv.pages(1, 16)).isEqualTo(1);
        assertThat(DeviceKv.pages(32_768, 16)).isEqualTo(2048);
        assertThat(DeviceKv.pages(32_769, 16)).isEqualTo(2049);
        assertThatThrownBy(() -> DeviceKv.pages(0, 16)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void should_map_pages_as_they_are_written_and_take_back_dropped_ones_when_pooled() {
        PageTable table = new PageTable(2, 100, 3);
        assertThat(table.full()).isFalse();
        assertThat(table.capacity()).isEqualTo(3);
        assertThat(table.entries()).containsOnly(PageTable.ABSENT);
        assertThat(table.resident()).isZero();
        int a = table.map(0, 0), b = table.map(1, 0), c = table.map(0, 1);
        assertThat(new int[] {a, b, c}).containsExactlyInAnyOrder(0, 1, 2);
        assertThat(table.resident()).isEqualTo(3);
        assertThatThrownBy(() -> table.map(1, 1)).hasMessageContaining("all 3 pages of the pool are in use");
        assertThat(table.drop(0, 0)).isEqualTo(a);
        assertThat(table.physical(0, 0)).isEqualTo(PageTable.ABSENT);
        assertThat(table.map(1, 1)).as("the dropped page is reused").isEqualTo(a);
        assertThat(table.offloads()).as("dropped is not offloaded").isFalse();
        table.release(1, 1); // offload and restore share the pool
        assertThat(table.offloads()).isTrue();
        assertThat(table.assign(1, 1)).isEqualTo(a);
        assertThatThrownBy(() -> new PageTable(2, 4, 9)).hasMessageContaining("a pool of 9 pages");
        assertThatThrownBy(() -> new PageTable(2, 4, 0)).hasMessageContaining("a pool of 0 pages");
    }
}
