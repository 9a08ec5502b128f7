// Workgroup-wide sum and max of one float per invocation. Every invocation must call them (they
// contain barriers) and every invocation gets the result. WG is the workgroup size.
//   USE_SUBGROUP: subgroupAdd/Max inside each subgroup, then one value per subgroup through
//                 shared memory (needs subgroup arithmetic in compute shaders);
//   otherwise:    a shared-memory tree (any Vulkan 1.0 device).
// Both are built for every shader that reduces; the backend picks one per device and tests run
// both (HEARTH_VULKAN_NO_SUBGROUP=1 forces the shared-memory one).
#ifdef USE_SUBGROUP
#extension GL_KHR_shader_subgroup_basic : require
#extension GL_KHR_shader_subgroup_arithmetic : require
shared float reduce_tmp[WG];
float wg_sum(float v) {
  v = subgroupAdd(v);
  if (subgroupElect()) reduce_tmp[gl_SubgroupID] = v;
  barrier();
  float r = 0.0;
  for (uint i = 0; i < gl_NumSubgroups; ++i) r += reduce_tmp[i];
  barrier();
  return r;
}
float wg_max(float v) {
  v = subgroupMax(v);
  if (subgroupElect()) reduce_tmp[gl_SubgroupID] = v;
  barrier();
  float r = reduce_tmp[0];
  for (uint i = 1; i < gl_NumSubgroups; ++i) r = max(r, reduce_tmp[i]);
  barrier();
  return r;
}
#else
shared float reduce_tmp[WG];
float wg_sum(float v) {
  const uint i = gl_LocalInvocationIndex;
  reduce_tmp[i] = v;
  barrier();
  for (uint s = WG / 2; s > 0; s >>= 1) {
    if (i < s) reduce_tmp[i] += reduce_tmp[i + s];
    barrier();
  }
  const float r = reduce_tmp[0];
  barrier();
  return r;
}
float wg_max(float v) {
  const uint i = gl_LocalInvocationIndex;
  reduce_tmp[i] = v;
  barrier();
  for (uint s = WG / 2; s > 0; s >>= 1) {
    if (i < s) reduce_tmp[i] = max(reduce_tmp[i], reduce_tmp[i + s]);
    barrier();
  }
  const float r = reduce_tmp[0];
  barrier();
  return r;
}
#endif
