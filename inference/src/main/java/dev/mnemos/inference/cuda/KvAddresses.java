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
 * @param live      (layer, kvHead, logical page) the kept slots of the page, one bit each (all set until a policy evicts)
 * @param mass      (layer, kvHead, logical page, slot) attention weight summed over every query so far (heavy hitters)
 * @param last      (layer, kvHead, logical page, slot) the latest query's weight (SAGE-KV)
 * @param kvHeads   KV heads per layer
 * @param maxPages  logical pages per stream
 * @param pageSize  slots per page
 * @param half      keys and values stored as F16: the {@code _f16} kernels read and write them
 */
public record KvAddresses(CUdeviceptr keys, CUdeviceptr values, CUdeviceptr min, CUdeviceptr max, CUdeviceptr pageTable, CUdeviceptr live,
                          CUdeviceptr mass, CUdeviceptr last, int kvHeads, int maxPages, int pageSize, boolean half) {

    /** The name of a kernel of the cache for its precision: {@code kv_append} or {@code kv_append_f16}. */
    public String kernel(String name) {
        return half ? name + "_f16" : name;
    }

    /** The kvHeads x maxPages entries of one layer. */
    public CUdeviceptr pageTable(int layer) {
        return pageTable.withByteOffset((long) layer * kvHeads * maxPages * Sizeof.INT);
    }

    /** The kvHeads x maxPages live words of one layer. */
    public CUdeviceptr live(int layer) {
        return live.withByteOffset((long) layer * kvHeads * maxPages * Sizeof.INT);
    }

    /** The kvHeads x maxPages x pageSize accumulated weights of one layer. */
    public CUdeviceptr mass(int layer) {
        return mass.withByteOffset((long) layer * kvHeads * maxPages * pageSize * Sizeof.FLOAT);
    }

    /** The kvHeads x maxPages x pageSize latest weights of one layer. */
    public CUdeviceptr last(int layer) {
        return last.withByteOffset((long) layer * kvHeads * maxPages * pageSize * Sizeof.FLOAT);
    }
}
