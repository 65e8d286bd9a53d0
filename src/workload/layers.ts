// Layer-wise DNNs: each catalogue model as its ordered layers (forward order), each with its
// trainable parameter count and its forward compute per sample, derived from the published
// architectures (sources in docs/MODEL.md, "Layer-wise models"). The per-layer counts are built
// from the architecture, not copied, and their sum must equal the catalogue's total (a test
// holds them to it). A multiply-add is 2 FLOPs. Backward compute is twice the forward (gradients
// with respect to the inputs and to the weights, each a product as large as the forward one;
// Kaplan et al. 2020, Narayanan et al. 2021), unless a layer file gives it.

import { findModel } from "./models.js";

export interface Layer {
  name: string;
  /** Trainable parameters (one gradient element each). */
  params: number;
  /** Forward FLOPs per sample (an image, or one sequence of the model's context length). */
  forwardFlops: number;
  /** Backward FLOPs per sample. */
  backwardFlops: number;
}

export interface LayeredModel {
  name: string;
  /** What one sample is (e.g. "224x224 image", "512-token sequence"). */
  sample: string;
  /** Samples per device per iteration when a run does not say (docs/MODEL.md, "Training iterations"). */
  batch?: number;
  layers: Layer[];
}

/** Backward FLOPs as twice the forward: input and weight gradients. */
export const BACKWARD_FACTOR = 2;

function layer(name: string, params: number, forwardFlops: number): Layer {
  return { name, params, forwardFlops, backwardFlops: BACKWARD_FACTOR * forwardFlops };
}

/** Builds a CNN layer by layer, tracking the feature map's side length. */
class CnnBuilder {
  readonly layers: Layer[] = [];
  constructor(public side: number) {}

  /** A k x k convolution (optionally with bias, optionally followed by batch norm's 2C parameters). */
  conv(name: string, cin: number, cout: number, k: number, stride = 1, pad = 0, opts: { bias?: boolean; bn?: boolean; keepSide?: boolean } = {}): number {
    const out = Math.floor((this.side + 2 * pad - k) / stride) + 1;
    const weights = cin * cout * k * k;
    const params = weights + (opts.bias === false ? 0 : cout) + (opts.bn ? 2 * cout : 0);
    this.layers.push(layer(name, params, 2 * weights * out * out));
    if (!opts.keepSide) this.side = out;
    return out;
  }

  /** Max pooling (no parameters, negligible compute); `ceil` as PyTorch's ceil_mode. */
  pool(k: number, stride: number, pad = 0, ceil = false): void {
    const span = this.side + 2 * pad - k;
    this.side = (ceil ? Math.ceil(span / stride) : Math.floor(span / stride)) + 1;
  }

  linear(name: string, inputs: number, outputs: number): void {
    this.layers.push(layer(name, inputs * outputs + outputs, 2 * inputs * outputs));
  }
}

/** AlexNet's and VGG's classifier: two 4096-wide layers and the 1000 classes. */
function classifier(b: CnnBuilder, inputs: number): Layer[] {
  b.linear("fc6", inputs, 4096);
  b.linear("fc7", 4096, 4096);
  b.linear("fc8", 4096, 1000);
  return b.layers;
}

/** torchvision alexnet (Krizhevsky et al. 2012, one-tower variant). */
function alexnet(): Layer[] {
  const b = new CnnBuilder(224);
  b.conv("conv1", 3, 64, 11, 4, 2);
  b.pool(3, 2);
  b.conv("conv2", 64, 192, 5, 1, 2);
  b.pool(3, 2);
  b.conv("conv3", 192, 384, 3, 1, 1);
  b.conv("conv4", 384, 256, 3, 1, 1);
  b.conv("conv5", 256, 256, 3, 1, 1);
  return classifier(b, 256 * 6 * 6);
}

/** torchvision vgg16 (Simonyan and Zisserman 2015, configuration D). */
function vgg16(): Layer[] {
  const b = new CnnBuilder(224);
  const cfg = [[64, 64], [128, 128], [256, 256, 256], [512, 512, 512], [512, 512, 512]];
  let cin = 3;
  cfg.forEach((block, i) => {
    block.forEach((c, j) => {
      b.conv(`conv${i + 1}_${j + 1}`, cin, c, 3, 1, 1);
      cin = c;
    });
    b.pool(2, 2);
  });
  return classifier(b, 512 * 7 * 7);
}

/** torchvision resnet50 (He et al. 2016; v1.5: the stride sits on the 3x3 convolution). */
function resnet50(): Layer[] {
  const b = new CnnBuilder(224);
  b.conv("conv1", 3, 64, 7, 2, 3, { bias: false, bn: true });
  b.pool(3, 2, 1);
  let cin = 64;
  const stages: [number, number][] = [[64, 3], [128, 4], [256, 6], [512, 3]];
  stages.forEach(([width, blocks], s) => {
    for (let k = 0; k < blocks; k++) {
      const stride = k === 0 && s > 0 ? 2 : 1;
      const name = `layer${s + 1}.${k}`;
      const inSide = b.side;
      b.conv(`${name}.conv1`, cin, width, 1, 1, 0, { bias: false, bn: true });
      b.conv(`${name}.conv2`, width, width, 3, stride, 1, { bias: false, bn: true });
      b.conv(`${name}.conv3`, width, width * 4, 1, 1, 0, { bias: false, bn: true });
      if (k === 0) {
        const outSide = b.side;
        b.side = inSide;
        b.conv(`${name}.downsample`, cin, width * 4, 1, stride, 0, { bias: false, bn: true });
        b.side = outSide;
      }
      cin = width * 4;
    }
  });
  b.linear("fc", 2048, 1000);
  return b.layers;
}

/** torchvision googlenet without the auxiliary heads (Szegedy et al. 2015; BN after every conv). */
function googlenet(): Layer[] {
  const b = new CnnBuilder(224);
  const bc = (name: string, cin: number, cout: number, k: number, stride = 1, pad = 0) =>
    b.conv(name, cin, cout, k, stride, pad, { bias: false, bn: true, keepSide: true });
  // stem: these change the side, so they go through conv directly
  b.conv("conv1", 3, 64, 7, 2, 3, { bias: false, bn: true });
  b.pool(3, 2, 0, true);
  b.conv("conv2", 64, 64, 1, 1, 0, { bias: false, bn: true });
  b.conv("conv3", 64, 192, 3, 1, 1, { bias: false, bn: true });
  b.pool(3, 2, 0, true);
  // inception(in, 1x1, 3x3 reduce, 3x3, "5x5" reduce, "5x5" (a 3x3 in torchvision), pool proj)
  const inception = (name: string, cin: number, c1: number, c3r: number, c3: number, c5r: number, c5: number, pp: number) => {
    bc(`${name}.branch1`, cin, c1, 1);
    bc(`${name}.branch2.reduce`, cin, c3r, 1);
    bc(`${name}.branch2`, c3r, c3, 3, 1, 1);
    bc(`${name}.branch3.reduce`, cin, c5r, 1);
    bc(`${name}.branch3`, c5r, c5, 3, 1, 1);
    bc(`${name}.branch4`, cin, pp, 1);
    return c1 + c3 + c5 + pp;
  };
  let c = inception("inception3a", 192, 64, 96, 128, 16, 32, 32);
  c = inception("inception3b", c, 128, 128, 192, 32, 96, 64);
  b.pool(3, 2, 0, true);
  c = inception("inception4a", c, 192, 96, 208, 16, 48, 64);
  c = inception("inception4b", c, 160, 112, 224, 24, 64, 64);
  c = inception("inception4c", c, 128, 128, 256, 24, 64, 64);
  c = inception("inception4d", c, 112, 144, 288, 32, 64, 64);
  c = inception("inception4e", c, 256, 160, 320, 32, 128, 128);
  b.pool(2, 2, 0, true);
  c = inception("inception5a", c, 256, 160, 320, 32, 128, 128);
  c = inception("inception5b", c, 384, 192, 384, 48, 128, 128);
  b.linear("fc", c, 1000);
  return b.layers;
}

/**
 * A transformer block's forward FLOPs per token: its matrix products (2 x weights) and the two
 * attention products QK^T and AV over `context` positions (2 x 2 x context x hidden; Narayanan et
 * al. 2021 count the same).
 */
function blockFlopsPerToken(weights: number, context: number, hidden: number): number {
  return 2 * weights + 4 * context * hidden;
}

/** Hugging Face BertModel (Devlin et al. 2019): embeddings, L encoder blocks, pooler. */
function bert(hidden: number, blocks: number, context = 512): Layer[] {
  const vocab = 30522;
  const layers: Layer[] = [];
  layers.push(layer("embeddings", (vocab + 512 + 2) * hidden + 2 * hidden, 0));
  const ff = 4 * hidden;
  const weights = 4 * hidden * hidden + 2 * hidden * ff; // Q, K, V, O and the two feed-forward matrices
  const params = weights + 4 * hidden + ff + hidden + 4 * hidden; // biases (4H + 4H + H) and two LayerNorms (4H)
  for (let i = 0; i < blocks; i++) layers.push(layer(`encoder.${i}`, params, context * blockFlopsPerToken(weights, context, hidden)));
  layers.push(layer("pooler", hidden * hidden + hidden, 2 * hidden * hidden));
  return layers;
}

/** Hugging Face gpt2-xl (Radford et al. 2019): embeddings, 48 blocks, final LayerNorm, tied LM head. */
function gpt2xl(): Layer[] {
  const hidden = 1600;
  const blocks = 48;
  const context = 1024;
  const vocab = 50257;
  const layers: Layer[] = [];
  layers.push(layer("embeddings", vocab * hidden + context * hidden, 0));
  const ff = 4 * hidden;
  const weights = 4 * hidden * hidden + 2 * hidden * ff;
  const params = weights + 3 * hidden + hidden + ff + hidden + 4 * hidden; // c_attn, attn c_proj, c_fc, mlp c_proj biases; ln_1, ln_2
  for (let i = 0; i < blocks; i++) layers.push(layer(`h.${i}`, params, context * blockFlopsPerToken(weights, context, hidden)));
  layers.push(layer("ln_f", 2 * hidden, 0));
  // the LM head shares the embedding matrix: no parameters of its own, but its product
  layers.push(layer("lm_head", 0, context * 2 * vocab * hidden));
  return layers;
}

// Default per-device batches: 32 images, as Goyal et al. (2017) train ResNet-50 on 256 GPUs; 8
// sequences, the per-GPU micro-batch of NVIDIA's BERT-large and Megatron-LM GPT-2 recipes.
const IMAGES = { sample: "224x224 image", batch: 32 };
const BUILDERS: Record<string, { sample: string; batch: number; build: () => Layer[] }> = {
  alexnet: { ...IMAGES, build: alexnet },
  vgg16: { ...IMAGES, build: vgg16 },
  resnet50: { ...IMAGES, build: resnet50 },
  googlenet: { ...IMAGES, build: googlenet },
  "bert-base": { sample: "512-token sequence", batch: 8, build: () => bert(768, 12) },
  "bert-large": { sample: "512-token sequence", batch: 8, build: () => bert(1024, 24) },
  "gpt2-xl": { sample: "1024-token sequence", batch: 8, build: gpt2xl },
};

/** The catalogue model `name` as its layers, in forward order; undefined for an unknown name. */
export function layeredModel(name: string): LayeredModel | undefined {
  const model = findModel(name);
  const builder = model && BUILDERS[model.name];
  if (!model || !builder) return undefined;
  return { name: model.name, sample: builder.sample, batch: builder.batch, layers: builder.build() };
}

/** Total trainable parameters of a layer list. */
export function totalParams(layers: readonly Layer[]): number {
  return layers.reduce((s, l) => s + l.params, 0);
}
