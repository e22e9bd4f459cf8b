package dev.mnemos.inference.cuda;

import dev.mnemos.inference.kv.KvPrecision;
import jcuda.Pointer;
import jcuda.Sizeof;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.JCudaDriver;

/**
 * A session's keys and values in device memory, in the CPU cache's layout ({@link dev.mnemos.inference.kv.PagedKvCache}:
 * one stream of pages of {@code pageSize} F32 slots per (layer, KV head)), with the per-page key bounds Quest reads and
 * the dialogue round of each page, next to a {@link PageTable} that the host and the kernels share. Pages move to
 * host memory and back ({@link #offload}, {@link #restore}) without the kernels noticing anything but the table. The
 * device pool holds a page for every logical page, or, for an evicting policy, fewer ({@link DevicePager}): then the
 * keys, values and bounds take the pool's pages only; the per-slot words and weights stay by logical page (4 + 8 x
 * pageSize bytes a page, against 2 x pageSize x headSize x 4 for its keys and values).
 */
public final class DeviceKv {

    /**
     * A page's contents in host memory: keys and values (pageSize x headSize, their stored bytes: an F16 cache fills
     * the first half of each array) and key bounds (headSize).
     */
    public record HostPage(float[] keys, float[] values, float[] min, float[] max) {}

    private final CudaContext gpu;
    private final int layers;
    private final int kvHeads;
    private final int headSize;
    private final int pageSize;
    private final PageTable table;
    private final CUdeviceptr keys;
    private final CUdeviceptr values;
    private final CUdeviceptr min;
    private final CUdeviceptr max;
    private final CUdeviceptr pageTable;
    private final CUdeviceptr pageRound;
    private final KvPrecision precision;
    private final int element; // bytes of a stored key or value
    private final CUdeviceptr live;
    private final CUdeviceptr mass;
    private final CUdeviceptr last;
    private final DevicePager pager;

    public DeviceKv(CudaContext gpu, int layers, int kvHeads, int headSize, int pageSize, int contextLength) {
        this(gpu, layers, kvHeads, headSize, pageSize, contextLength, KvPrecision.F32);
    }

    /**
     * A cache whose keys and values are stored as {@code precision} says: F32, or F16 (half the bytes a step reads;
     * the kernels compute in F32 either way, and the key bounds are those of the stored keys).
     */
    public DeviceKv(CudaContext gpu, int layers, int kvHeads, int headSize, int pageSize, int contextLength, KvPrecision precision) {
        this(gpu, layers, kvHeads, headSize, pageSize, contextLength, precision, 0);
    }

    /**
     * As above, with a pool of {@code pool} device pages (0: one for every logical page), mapped as steps reach them
     * and taken back once evicted ({@link #write}).
     */
    public DeviceKv(CudaContext gpu, int layers, int kvHeads, int headSize, int pageSize, int contextLength, KvPrecision precision, int pool) {
        this.precision = precision;
        this.element = precision == KvPrecision.F16 ? Sizeof.SHORT : Sizeof.FLOAT;
        this.gpu = gpu;
        this.layers = layers;
        this.kvHeads = kvHeads;
        this.headSize = headSize;
        this.pageSize = pageSize;
        int streams = layers * kvHeads, maxPages = pages(contextLength, pageSize);
        this.table = pool == 0 || pool == (long) streams * maxPages ? new PageTable(streams, maxPages) : new PageTable(streams, maxPages, pool);
        this.pager = new DevicePager(table, pageSize);
        long slots = (long) table.capacity() * pageSize * headSize;
        this.keys = gpu.allocate(slots * element);
        this.values = gpu.allocate(slots * element);
        this.min = gpu.allocate((long) table.capacity() * headSize * Sizeof.FLOAT);
        this.max = gpu.allocate((long) table.capacity() * headSize * Sizeof.FLOAT);
        this.pageTable = gpu.upload(table.entries());
        this.pageRound = gpu.upload(new int[table.maxPages()]);
        if (pageSize > 32) throw new IllegalArgumentException("a page's kept slots are the bits of one word: at most 32 slots, not " + pageSize);
        long pages = (long) table.streams() * table.maxPages();
        this.live = gpu.allocate(pages * Sizeof.INT);
        gpu.fill(live, DevicePager.liveMask(pageSize), pages); // a word of 0 is then a page with nothing kept
        this.mass = gpu.allocate(pages * pageSize * Sizeof.FLOAT);
        gpu.fill(mass, 0, pages * pageSize);
        this.last = gpu.allocate(pages * pageSize * Sizeof.FLOAT);
        gpu.fill(last, 0, pages * pageSize);
    }

    /** Logical pages a context of {@code contextLength} positions needs per stream. */
    public static int pages(int contextLength, int pageSize) {
        if (contextLength <= 0 || pageSize <= 0) throw new IllegalArgumentException("context " + contextLength + ", page size " + pageSize);
        return (contextLength + pageSize - 1) / pageSize;
    }

    public KvPrecision precision() {
        return precision;
    }

    public int pageSize() {
        return pageSize;
    }

    public int maxPages() {
        return table.maxPages();
    }

    public int capacity() {
        return table.maxPages() * pageSize;
    }

    public PageTable table() {
        return table;
    }

    /**
     * Makes positions {@code from .. to - 1} writable before the kernels that write them run: with a pooled table,
     * maps their pages (taking back first the pages eviction emptied) and uploads the table if it changed.
     */
    public void write(int from, int to) {
        if (!table.full() && pager.write(from, to, this::liveWords)) gpu.write(pageTable, table.entries());
    }

    /** The addresses the decode step's kernels read. */
    public KvAddresses addresses() {
        return new KvAddresses(keys, values, min, max, pageTable, live, mass, last, kvHeads, table.maxPages(), pageSize,
                precision == KvPrecision.F16);
    }

    /** The dialogue round of each logical page (round_mass reads it). */
    public CUdeviceptr pageRounds() {
        return pageRound;
    }

    /** Sets the rounds of the logical pages (every stream's page i holds the same positions, so one round per page). */
    public void rounds(int[] roundOfPage) {
        gpu.write(pageRound, roundOfPage);
    }

    /** The kept-slot words of every stream (streams x maxPages), as the evicting kernels left them. */
    public int[] liveWords() {
        return gpu.downloadInts(live, table.streams() * table.maxPages());
    }

    /** Replaces the kept-slot words of every stream (SAGE-KV's one-shot selection, made on the host). */
    public void liveWords(int[] words) {
        if (words.length != table.streams() * table.maxPages()) throw new IllegalArgumentException(words.length + " live words");
        gpu.write(live, words);
    }

    /** The latest query's weight of every slot (streams x maxPages x pageSize). */
    public float[] lastWeights() {
        return gpu.download(last, table.streams() * table.maxPages() * pageSize);
    }

    /** Bytes of keys and values one decode step reads from a dense cache of {@code length} positions. */
    public long bytesRead(int length) {
        return 2L * layers * kvHeads * length * headSize * element;
    }

    /** Copies a page's keys, values and bounds to host memory and frees its device page. */
    public HostPage offload(int layer, int kvHead, int logical) {
        int stream = layer * kvHeads + kvHead;
        int physical = table.physical(stream, logical);
        if (physical < 0) throw new IllegalStateException("page " + logical + " of stream " + stream + " has no device page to offload");
        HostPage page = new HostPage(new float[pageSize * headSize], new float[pageSize * headSize], new float[headSize], new float[headSize]);
        gpu.synchronize();
        long slots = (long) pageSize * headSize * element;
        long bounds = (long) headSize * Sizeof.FLOAT;
        JCudaDriver.cuMemcpyDtoH(Pointer.to(page.keys()), keys.withByteOffset(physical * slots), slots);
        JCudaDriver.cuMemcpyDtoH(Pointer.to(page.values()), values.withByteOffset(physical * slots), slots);
        JCudaDriver.cuMemcpyDtoH(Pointer.to(page.min()), min.withByteOffset(physical * bounds), bounds);
        JCudaDriver.cuMemcpyDtoH(Pointer.to(page.max()), max.withByteOffset(physical * bounds), bounds);
        table.release(stream, logical);
        writeEntry(stream, logical);
        return page;
    }

    /** Brings an offloaded page back into a free device page (maybe another than it left) and points the table at it. */
    public void restore(int layer, int kvHead, int logical, HostPage page) {
        int stream = layer * kvHeads + kvHead;
        int physical = table.assign(stream, logical);
        gpu.synchronize();
        long slots = (long) pageSize * headSize * element;
        long bounds = (long) headSize * Sizeof.FLOAT;
        JCudaDriver.cuMemcpyHtoD(keys.withByteOffset(physical * slots), Pointer.to(page.keys()), slots);
        JCudaDriver.cuMemcpyHtoD(values.withByteOffset(physical * slots), Pointer.to(page.values()), slots);
        JCudaDriver.cuMemcpyHtoD(min.withByteOffset(physical * bounds), Pointer.to(page.min()), bounds);
        JCudaDriver.cuMemcpyHtoD(max.withByteOffset(physical * bounds), Pointer.to(page.max()), bounds);
        writeEntry(stream, logical);
    }

    private void writeEntry(int stream, int logical) {
        int i = table.index(stream, logical);
        JCudaDriver.cuMemcpyHtoD(pageTable.withByteOffset((long) i * Sizeof.INT), Pointer.to(new int[] {table.physical(stream, logical)}),
                Sizeof.INT);
    }
}
