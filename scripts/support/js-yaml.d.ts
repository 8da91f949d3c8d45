// The part of js-yaml 4's API the deployment drift test uses (the package ships no types).
declare module "js-yaml" {
  /** Parses one YAML document (anchors and `<<` merge keys included) into plain values. */
  export function load(text: string): unknown;
}
