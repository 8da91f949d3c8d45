// The part of dcmjs (which ships no types) that lib/imaging uses.
declare module "dcmjs" {
  type Dataset = Record<string, unknown>;
  class DicomDict {
    constructor(meta: Dataset);
    meta: Dataset;
    dict: Dataset;
    write(options?: Record<string, unknown>): ArrayBuffer;
  }
  const dcmjs: {
    data: {
      DicomDict: typeof DicomDict;
      DicomMessage: { readFile(buffer: ArrayBuffer, options?: Record<string, unknown>): DicomDict };
      DicomMetaDictionary: {
        naturalizeDataset(dataset: Dataset): Dataset;
        denaturalizeDataset(dataset: Dataset): Dataset;
      };
    };
  };
  export default dcmjs;
}
