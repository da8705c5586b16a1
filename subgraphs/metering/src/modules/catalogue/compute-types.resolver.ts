import { Ctx, Field, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { MeteringContext } from '../../context';

@ObjectType('ComputeType', { description: 'A kind of compute the usage chart stacks, with its color.' })
export class ComputeTypeType {
  @Field(() => String, { description: 'What events and filters name it by, e.g. LLM.' })
  key: string;

  @Field(() => String, { description: 'Its name for people, e.g. Image Generation.' })
  name: string;

  @Field(() => String, { description: 'Its chart color, #RRGGBB.' })
  color: string;

  @Field(() => Int, { description: 'Its place in the legend and the stack, from 1.' })
  position: number;
}

@Resolver()
export class ComputeTypesResolver {
  @Query(() => [ComputeTypeType], { description: 'The compute type catalogue, in chart order.' })
  computeTypes(@Ctx() ctx: MeteringContext): Promise<ComputeTypeType[]> {
    return ctx.services.catalogue.all();
  }
}
