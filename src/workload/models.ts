// DNN catalogue: parameter counts of models whose gradients an all-reduce carries, with sources.

export interface DnnModel {
  name: string;
  title: string;
  params: number;
  source: string;
}

export const MODELS: readonly DnnModel[] = [
  {
    name: "alexnet",
    title: "AlexNet",
    params: 61_100_840,
    source: "torchvision alexnet (AlexNet_Weights.IMAGENET1K_V1 num_params); Krizhevsky et al. 2012 report 60M",
  },
  {
    name: "vgg16",
    title: "VGG16",
    params: 138_357_544,
    source: "torchvision vgg16 (VGG16_Weights.IMAGENET1K_V1 num_params); Simonyan and Zisserman 2015 report 138M",
  },
  {
    name: "resnet50",
    title: "ResNet50",
    params: 25_557_032,
    source: "torchvision resnet50 (ResNet50_Weights.IMAGENET1K_V1 num_params); He et al. 2016 report 25.5M",
  },
  {
    name: "googlenet",
    title: "GoogLeNet",
    params: 6_624_904,
    source: "torchvision googlenet without auxiliary heads (GoogLeNet_Weights.IMAGENET1K_V1 num_params); Szegedy et al. 2015 report about 6.8M",
  },
  {
    name: "bert-base",
    title: "BERT-base",
    params: 109_482_240,
    source: "Hugging Face bert-base-uncased BertModel; Devlin et al. 2019 report 110M",
  },
  {
    name: "bert-large",
    title: "BERT-large",
    params: 335_141_888,
    source: "Hugging Face bert-large-uncased BertModel; Devlin et al. 2019 report 340M",
  },
  {
    name: "gpt2-xl",
    title: "GPT-2 XL",
    params: 1_557_611_200,
    source: "Hugging Face gpt2-xl (tied input and output embeddings); Radford et al. 2019 report 1.5B",
  },
];

export function modelNames(): string[] {
  return MODELS.map((m) => m.name);
}

export function findModel(name: string): DnnModel | undefined {
  const key = name.toLowerCase().replace(/[_\s]/g, "-");
  return MODELS.find((m) => m.name === key || m.title.toLowerCase() === name.toLowerCase());
}
