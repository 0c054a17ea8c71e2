import type { Template } from '@publishing/db';
import type { TemplatePreview } from './template-preview';
import { formatTimestamp } from '../common/format-timestamp';

export function presentTemplate(template: Template) {
  return {
    id: template.id,
    name: template.name,
    template_type: template.templateType,
    content_structure: template.contentStructure,
    formatting_rules: template.formattingRules,
    branding_elements: template.brandingElements,
    variable_definitions: template.variableDefinitions,
    usage_count: template.usageCount,
    is_active: template.isActive,
    created_at: formatTimestamp(template.createdAt),
    updated_at: formatTimestamp(template.updatedAt),
  };
}

export function presentPreview(preview: { template: Template } & TemplatePreview) {
  return {
    template_id: preview.template.id,
    template_type: preview.template.templateType,
    rendered: preview.rendered,
    variables: preview.variables,
  };
}
