package dev.mnemos.inference.cuda;

import jcuda.Sizeof;
import jcuda.driver.CUdeviceptr;

/**
 * Where a device KV cache lives, as the kernels of a decode step address it (see attention.cu).
 *
 * @param keys      the key pool: physical pages of pageSize x headSize F32
 * @param values    the value pool, in the same pages
 * @param min       per physical page, the element-wise minimum of its keys (headSize)
 * @param max       per physical page, the element-wise maximum of its keys (headSize)
 * @param pageTable (layer, kvHead, logical page) to physical page
 * @param kvHeads   KV heads per layer
 * @param maxPages  logical pages per stream
 * @param pageSize  slots per page
 */
public record KvAddresses(CUdeviceptr keys, CUdeviceptr values, CUdeviceptr min, CUdeviceptr max, CUdeviceptr pageTable, int kvHeads,
                          int maxPages, int pageSize) {

    /** The kvHeads x maxPages entries of one layer. */
    public CUdeviceptr pageTable(int layer) {
        return pageTable.withByteOffset((long) layer * kvHeads * maxPages * Sizeof.INT);
    }
}
