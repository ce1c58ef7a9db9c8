using System.Text.Json;
using System.Text.Json.Serialization;

namespace AovpnRemediations.Profile.Model;

/// <summary>Reads a certificate reference written either as a path string or as an object.</summary>
public sealed class CertificateReferenceConverter : JsonConverter<CertificateReference>
{
    public override CertificateReference Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return new CertificateReference { File = reader.GetString()! };
        }

        string? file = null;
        string? thumbprint = null;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("A certificate is a file path or an object with \"file\" and \"thumbprint\".");
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "file":
                    file = reader.GetString();
                    break;
                case "thumbprint":
                    thumbprint = reader.GetString();
                    break;
                default:
                    throw new JsonException($"Unknown certificate setting '{name}'.");
            }
        }

        return new CertificateReference { File = file ?? throw new JsonException("A certificate object needs \"file\"."), Thumbprint = thumbprint };
    }

    public override void Write(Utf8JsonWriter writer, CertificateReference value, JsonSerializerOptions options)
    {
        if (value.Thumbprint is null)
        {
            writer.WriteStringValue(value.File);
            return;
        }

        writer.WriteStartObject();
        writer.WriteString("file", value.File);
        writer.WriteString("thumbprint", value.Thumbprint);
        writer.WriteEndObject();
    }
}
