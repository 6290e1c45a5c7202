import org.bytedeco.dnnl.*;
import org.bytedeco.javacpp.*;
import static org.bytedeco.dnnl.global.dnnl.*;
import java.util.*;

/**
 * A yardstick, not product code: hw3-cnn's or fer-vgg's forward pass (random weights; hw3-cnn's three BatchNorms after
 * pooling left out, three per-channel affine ops on the pooled maps; fer-vgg's BatchNorms fold into its convolutions)
 * in oneDNN 2.5 called directly through org.bytedeco:dnnl (JavaCPP 1.5.7, the version DL4J uses), with every weight
 * reordered once into the layout the primitive wants and ReLU fused into each convolution and the first dense layer as
 * a post-op. What it answers: how fast ferstream's inference could
 * be with such an engine behind Classifier, against ONNX Runtime on the same machine (bench/dnnl/run.sh).
 * Arguments: BATCH [hw3-cnn|fer-vgg]. Prints one line: NET_bs1_p50_ms (median of 300 single-face passes),
 * NET_bs64_img_s or NET_bs256_img_s (faces over the wall time of 20 / 5 timed passes), each after 2 s of untimed passes.
 */
public class DnnlNets {
    static engine eng = new engine(engine.kind.cpu, 0);
    static stream st = new stream(eng);
    static Random rnd = new Random(3);
    record Step(primitive p, IntMemoryMap args) {}
    static List<Step> steps = new ArrayList<>();

    static memory filled(memory.desc d) {
        memory m = new memory(d, eng);
        FloatPointer fp = new FloatPointer(m.get_data_handle());
        long n = d.get_size() / 4;
        for (long i = 0; i < n; i++) fp.put(i, (float) (rnd.nextGaussian() * 0.05));
        return m;
    }
    static memory prepack(memory user, memory.desc want) {
        if (user.get_desc().equals(want)) return user;
        memory m = new memory(want, eng);
        new reorder(user, m).execute(st, map(DNNL_ARG_FROM, user, DNNL_ARG_TO, m));
        st._wait();
        return m;
    }
    static IntMemoryMap map(Object... kv) {
        IntMemoryMap m = new IntMemoryMap();
        for (int i = 0; i < kv.length; i += 2) m.put((Integer) kv[i], (memory) kv[i + 1]);
        return m;
    }
    /** Reorders cur into want if needed (a step), returns memory in want. */
    static memory into(memory cur, memory.desc want) {
        if (cur.get_desc().equals(want)) return cur;
        memory m = new memory(want, eng);
        steps.add(new Step(new reorder(cur, m), map(DNNL_ARG_FROM, cur, DNNL_ARG_TO, m)));
        return m;
    }
    static memory conv(memory src, long n, long ic, long oc, long hw) {
        return conv(src, n, ic, oc, hw, 5);
    }

    static memory conv(memory src, long n, long ic, long oc, long hw, long k) {
        memory.desc srcAny = new memory.desc(new long[]{n, ic, hw, hw}, memory.data_type.f32, memory.format_tag.any);
        memory.desc wAny = new memory.desc(new long[]{oc, ic, k, k}, memory.data_type.f32, memory.format_tag.any);
        memory.desc bMd = new memory.desc(new long[]{oc}, memory.data_type.f32, memory.format_tag.x);
        memory.desc dstAny = new memory.desc(new long[]{n, oc, hw, hw}, memory.data_type.f32, memory.format_tag.any);
        convolution_forward.desc d = new convolution_forward.desc(prop_kind.forward_inference, algorithm.convolution_direct,
                srcAny, wAny, bMd, dstAny, new long[]{1, 1}, new long[]{k / 2, k / 2}, new long[]{k / 2, k / 2});
        post_ops po = new post_ops(); po.append_eltwise(1f, algorithm.eltwise_relu, 0f, 0f);
        primitive_attr attr = new primitive_attr(); attr.set_post_ops(po);
        convolution_forward.primitive_desc pd = new convolution_forward.primitive_desc(d, attr, eng);
        memory w = prepack(filled(new memory.desc(new long[]{oc, ic, k, k}, memory.data_type.f32, memory.format_tag.oihw)), pd.weights_desc());
        memory b = filled(bMd);
        memory s = into(src, pd.src_desc());
        memory dst = new memory(pd.dst_desc(), eng);
        steps.add(new Step(new convolution_forward(pd), map(DNNL_ARG_SRC, s, DNNL_ARG_WEIGHTS, w, DNNL_ARG_BIAS, b, DNNL_ARG_DST, dst)));
        return dst;
    }
    static memory pool(memory src, long n, long c, long hw) {
        return pool(src, n, c, hw, 2, algorithm.pooling_max);
    }

    static memory pool(memory src, long n, long c, long hw, long k, algorithm kind) {
        memory.desc dstAny = new memory.desc(new long[]{n, c, hw / k, hw / k}, memory.data_type.f32, memory.format_tag.any);
        pooling_forward.desc d = new pooling_forward.desc(prop_kind.forward_inference, kind, src.get_desc(), dstAny,
                new long[]{k, k}, new long[]{k, k}, new long[]{0, 0}, new long[]{0, 0});
        pooling_forward.primitive_desc pd = new pooling_forward.primitive_desc(d, eng);
        memory dst = new memory(pd.dst_desc(), eng);
        steps.add(new Step(new pooling_forward(pd), map(DNNL_ARG_SRC, src, DNNL_ARG_DST, dst)));
        return dst;
    }
    /** A dense layer over {@code src} of dims {@code srcDims} ([N, C] or [N, C, H, W]), {@code out} outputs. */
    static memory dense(memory src, long out, boolean relu, long[] srcDims) {
        long n = srcDims[0];
        long[] wDims = srcDims.clone();
        wDims[0] = out;
        memory.desc srcMd = new memory.desc(srcDims, memory.data_type.f32, memory.format_tag.any);
        memory.desc wAny = new memory.desc(wDims, memory.data_type.f32, memory.format_tag.any);
        memory.desc bMd = new memory.desc(new long[]{out}, memory.data_type.f32, memory.format_tag.x);
        memory.desc dstMd = new memory.desc(new long[]{n, out}, memory.data_type.f32, memory.format_tag.nc);
        inner_product_forward.desc d = new inner_product_forward.desc(prop_kind.forward_inference, srcMd, wAny, bMd, dstMd);
        primitive_attr attr = new primitive_attr();
        if (relu) { post_ops po = new post_ops(); po.append_eltwise(1f, algorithm.eltwise_relu, 0f, 0f); attr.set_post_ops(po); }
        inner_product_forward.primitive_desc pd = new inner_product_forward.primitive_desc(d, attr, eng);
        memory.desc wUser = new memory.desc(wDims, memory.data_type.f32, wDims.length == 4 ? memory.format_tag.oihw : memory.format_tag.oi);
        memory w = prepack(filled(wUser), pd.weights_desc());
        memory s = into(src, pd.src_desc());
        memory dst = new memory(pd.dst_desc(), eng);
        steps.add(new Step(new inner_product_forward(pd), map(DNNL_ARG_SRC, s, DNNL_ARG_WEIGHTS, w, DNNL_ARG_BIAS, filled(bMd), DNNL_ARG_DST, dst)));
        return dst;
    }
    /** hw3-cnn: 3 x [conv 5x5 + ReLU, max pool], dense 128 + ReLU, dense 7. */
    static memory hw3(memory in, long n) {
        memory x = conv(in, n, 1, 64, 48);
        x = pool(x, n, 64, 48);
        x = conv(x, n, 64, 128, 24);
        x = pool(x, n, 128, 24);
        x = conv(x, n, 128, 256, 12);
        x = pool(x, n, 256, 12);
        x = dense(x, 128, true, new long[]{n, 256, 6, 6});
        return dense(x, 7, false, new long[]{n, 128});
    }

    /** fer-vgg: 4 stages of 2 x conv 3x3 + ReLU (BatchNorm folded) at 64/128/256/512, max pool after the first three, global average pool, dense 7. */
    static memory vgg(memory in, long n) {
        memory x = in;
        long c = 1, hw = 48;
        for (long width : new long[]{64, 128, 256, 512}) {
            x = conv(x, n, c, width, hw, 3);
            x = conv(x, n, width, width, hw, 3);
            c = width;
            if (width < 512) {
                x = pool(x, n, c, hw);
                hw /= 2;
            }
        }
        x = pool(x, n, c, hw, hw, algorithm.pooling_avg_exclude_padding);
        return dense(x, 7, false, new long[]{n, c, 1, 1});
    }

    public static void main(String[] a) {
        String net = a.length > 1 ? a[1] : "hw3-cnn";
        String key = net.replace('-', '_');
        long n = Long.parseLong(a[0]);
        memory in = filled(new memory.desc(new long[]{n, 1, 48, 48}, memory.data_type.f32, memory.format_tag.nchw));
        memory x = net.equals("fer-vgg") ? vgg(in, n) : hw3(in, n);
        softmax_forward.primitive_desc sp = new softmax_forward.primitive_desc(new softmax_forward.desc(prop_kind.forward_inference, x.get_desc(), 1), eng);
        memory probs = new memory(sp.dst_desc(), eng);
        steps.add(new Step(new softmax_forward(sp), map(DNNL_ARG_SRC, x, DNNL_ARG_DST, probs)));
        Runnable run = () -> { for (Step s : steps) s.p().execute(st, s.args()); st._wait(); };
        long end = System.nanoTime() + 2_000_000_000L; while (System.nanoTime() < end) run.run();
        if (n == 1) {
            double[] t = new double[300];
            for (int i = 0; i < t.length; i++) { long s = System.nanoTime(); run.run(); t[i] = (System.nanoTime() - s) / 1e6; }
            Arrays.sort(t);
            System.out.printf(Locale.ROOT, "\"%s_bs1_p50_ms\": %.3f%n", key, t[150]);
        } else {
            int reps = n == 64 ? 20 : 5;
            long s = System.nanoTime();
            for (int i = 0; i < reps; i++) run.run();
            System.out.printf(Locale.ROOT, "\"%s_bs%d_img_s\": %.1f%n", key, n, n * reps / ((System.nanoTime() - s) / 1e9));
        }
    }
}
