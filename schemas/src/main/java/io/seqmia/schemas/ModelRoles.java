package io.seqmia.schemas;

import java.util.Locale;

/**
 * The one way to read and write a {@link ScoreVector}'s model role. Since ScoreVector v4 the role is the enum
 * {@link ModelRole} ({@code role}); the string {@code modelRole} is still written beside it, because the released
 * v1-v3 readers require it, and is read only from records that predate the enum (docs/ARCHITECTURE.md, "Schemas").
 */
public final class ModelRoles {

  private ModelRoles() {}

  /** The role of a vector: its enum, or for records of v1-v3 its string; UNKNOWN for a role this reader lacks. */
  public static ModelRole of(ScoreVector vector) {
    return vector.getRole() != null ? vector.getRole() : parse(vector.getModelRole());
  }

  /** Sets both fields of the role (the enum, and the string the older readers read). */
  public static ScoreVector.Builder withRole(ScoreVector.Builder builder, ModelRole role) {
    return builder.setRole(role).setModelRole(wireName(role));
  }

  /** Sets both fields of the role on a built vector. */
  public static void setRole(ScoreVector vector, ModelRole role) {
    vector.setRole(role);
    vector.setModelRole(wireName(role));
  }

  /** The role's name in lower case ("target", "shadow"), as the string field and control attributes carry it. */
  public static String wireName(ModelRole role) {
    return role.name().toLowerCase(Locale.ROOT);
  }

  /** The role a lower-case name stands for; UNKNOWN for any other text. */
  public static ModelRole parse(CharSequence name) {
    for (ModelRole role : ModelRole.values()) {
      if (role != ModelRole.UNKNOWN && wireName(role).contentEquals(name)) {
        return role;
      }
    }
    return ModelRole.UNKNOWN;
  }
}
