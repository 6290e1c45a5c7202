"""What the fer-vgg peers share: the shared peers' helpers (imported, not copied), fer-vgg's shape, the allocator.

The shared peers (../shared/peers beside the repository, or $PEERS_DIR) are read-only; keras_peer.py imports only
numpy at module level, so its data loader and timing helpers (Clock, warm, p50_ms) serve every framework here and
all peers time exactly alike.
"""
import json, os, sys

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.environ.get('PEERS_DIR') or os.path.normpath(os.path.join(HERE, '..', '..', '..', 'shared', 'peers'))
if not os.path.isdir(SHARED):
    sys.exit(f'peerlib: shared peers not found at {SHARED} (set PEERS_DIR)')
sys.path.insert(0, SHARED)

import keras_peer  # noqa: E402  (numpy only at import; its helpers time the peers alike)

Clock, warm, p50_ms = keras_peer.Clock, keras_peer.warm, keras_peer.p50_ms

# fer-vgg as model-lib's FerCnn.vgg() builds it: per stage two [conv3x3 (no bias, same) -> BN -> ReLU], 64/128/256/512
# filters, 2x2 max-pooling between stages, global average pooling, Dropout (DL4J keeps 0.6 = rate 0.4), Dense 7, softmax.
VGG_WIDTHS = (64, 128, 256, 512)
VGG_PARAMS, VGG_TRAINABLE = 4693575, 4689735  # model.json of models/fer-vgg (BN moving statistics counted, as Keras)
DROPOUT_RATE = 0.4
BN_EPS, BN_MOMENTUM_KERAS = 1e-3, 0.99


def data(path=None, rows=512):
    """The first `rows` FER2013 training faces, NHWC float32 in [0, 1], labels int32; and where they came from."""
    src = path or next((p for p in keras_peer.DATA_CANDIDATES if os.path.exists(p)), None)
    x, y = keras_peer.load(src, rows)
    return x, y, ('fer2013' if src else 'random')


def allocator():
    """The malloc this process really runs on, read from /proc/self/maps (as ferstream bench reports its own)."""
    try:
        with open('/proc/self/maps') as f:
            for line in f:
                name = line.rsplit('/', 1)[-1].strip()
                for lib in ('jemalloc', 'tcmalloc', 'mimalloc'):
                    if '/' in line and name.startswith('lib' + lib):
                        return f"{lib} ({line[line.index('/'):].strip()})"
    except OSError as e:
        return f'unknown ({e})'
    return 'glibc'


def emit(out, path):
    out['allocator'] = allocator()
    text = json.dumps(out)
    print(text)
    if path:
        with open(path, 'w') as f:
            f.write(text + '\n')


def common_args(ap):
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--iters', type=int, default=5)
    ap.add_argument('--warmup-seconds', type=float, default=2.0)
    ap.add_argument('--data', help='FER2013 train.csv.gz (label,feature)')
    ap.add_argument('--no-saliency', action='store_true')
    ap.add_argument('--out')
    return ap
